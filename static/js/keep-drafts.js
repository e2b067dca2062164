/* Keep what a person types in a form marked data-keep-draft, in this browser, until the
   server says it was saved. If the session expired (the POST went to the login page) or the
   browser closed, the text comes back the next time the form is opened, with a notice and a
   button to throw it away. Without JavaScript the server-side behaviour is unchanged. */
(function () {
  "use strict";
  var FIELDS = "textarea, input[type=text], input[type=url], input[type=date], input[type=radio]";

  function key(form) { return "ita-draft:" + window.location.pathname + window.location.search + ":" + (form.id || ""); }

  function read(form) {
    var values = {};
    form.querySelectorAll(FIELDS).forEach(function (field) {
      if (!field.name) { return; }
      if (field.type === "radio") { if (field.checked) { values[field.name] = field.value; } }
      else { values[field.name] = field.value; }
    });
    return values;
  }

  function write(form, values) {
    form.querySelectorAll(FIELDS).forEach(function (field) {
      if (!(field.name in values)) { return; }
      if (field.type === "radio") { field.checked = field.value === values[field.name]; }
      else { field.value = values[field.name]; }
    });
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  // A success message means the last form submitted was saved: its draft is done with,
  // whether the server sent us back to that form or on to another page.
  var saved = document.querySelector("[data-draft-saved]");
  var pending = window.sessionStorage.getItem("ita-draft-pending");
  if (saved && pending) { window.localStorage.removeItem(pending); }
  window.sessionStorage.removeItem("ita-draft-pending");

  document.querySelectorAll("form[data-keep-draft]").forEach(function (form) {
    var storageKey = key(form);
    form.addEventListener("submit", function () {
      window.sessionStorage.setItem("ita-draft-pending", storageKey);
    });
    var original = read(form);
    var stored = window.localStorage.getItem(storageKey);
    if (stored && !saved) {
      var draft = JSON.parse(stored);
      if (!same(draft, original)) {
        write(form, draft);
        var notice = document.createElement("div");
        notice.className = "alert alert-warning d-flex flex-wrap align-items-center gap-2";
        notice.setAttribute("role", "status");
        notice.textContent = "กู้คืนข้อความที่ท่านพิมพ์ค้างไว้แต่ยังไม่ได้บันทึก ตรวจดูแล้วกดบันทึก";
        var discard = document.createElement("button");
        discard.type = "button";
        discard.className = "btn btn-sm btn-outline-secondary";
        discard.textContent = "ทิ้งข้อความที่กู้คืน";
        discard.addEventListener("click", function () {
          write(form, original);
          window.localStorage.removeItem(storageKey);
          notice.remove();
        });
        notice.appendChild(discard);
        form.prepend(notice);
      }
    }
    form.addEventListener("input", function () {
      window.localStorage.setItem(storageKey, JSON.stringify(read(form)));
    });
  });
})();
