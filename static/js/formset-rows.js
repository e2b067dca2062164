/* "Add a row" for Django formsets: copies the empty row of <template data-formset-empty>,
   numbers it and bumps TOTAL_FORMS. Without JavaScript the blank rows the server sends are
   there to fill, and the button stays hidden. */
(function () {
  "use strict";
  document.querySelectorAll("[data-formset]").forEach(function (box) {
    var prefix = box.getAttribute("data-formset");
    var total = box.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var rows = box.querySelector("[data-formset-rows]");
    var template = box.querySelector("template[data-formset-empty]");
    var button = box.querySelector("[data-formset-add]");
    if (!total || !rows || !template || !button) { return; }
    button.classList.remove("d-none");
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var added = rows.lastElementChild;
      var first = added && added.querySelector("input, select, textarea");
      if (first) { first.focus(); }
    });
  });
}());
