// The Bootstrap rules the portal uses (issue 18): scripts/purge-css.sh runs PurgeCSS with this
// file over everything that can name a class (our templates and Python, crispy-bootstrap5's
// templates, our scripts and Bootstrap's own JavaScript, which adds show/collapsing/… itself).
const site = process.env.SITE_PACKAGES;
const apps = ["ita_portal", "organisations", "measures", "oit_checklist", "reports", "reminders", "public"];
module.exports = {
  content: [
    "templates/**/*.html",
    ...apps.map((app) => `${app}/**/*.html`),
    ...apps.map((app) => `${app}/**/*.py`),
    "static/js/*.js",
    "static/vendor/bootstrap/bootstrap.bundle.min.js",
    `${site}/crispy_bootstrap5/templates/**/*.html`,
    `${site}/crispy_forms/templates/**/*.html`,
  ],
  css: ["static/vendor/bootstrap/bootstrap.min.css"],
  // Every custom property stays: static/css/portal.css reads and sets Bootstrap's --bs-*.
  variables: false,
  keyframes: true,
  fontFace: true,
  // alert-{{ message.tags }}: Django's message levels (MESSAGE_TAGS maps error to danger).
  safelist: { standard: [/^alert-(debug|info|success|warning|danger)$/] },
};
