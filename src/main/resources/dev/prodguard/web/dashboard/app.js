// prodguard dashboard: every <time> in the reader's time zone (UTC stays in its title), and the parts marked
// data-live="/live/..." refreshed in place every data-every seconds. No inline script anywhere (CSP).
(function () {
  "use strict";
  function localTimes(root) {
    var fmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
    root.querySelectorAll("time[datetime]").forEach(function (t) {
      var d = new Date(t.getAttribute("datetime"));
      if (!isNaN(d)) { t.textContent = fmt.format(d); }
    });
  }
  function live(el) {
    var every = Math.max(1, parseInt(el.getAttribute("data-every") || "5", 10)) * 1000;
    function refresh() {
      fetch(el.getAttribute("data-live"), { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { if (r.status === 401) { window.location = "/login"; } return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html !== null) { el.innerHTML = html; localTimes(el); }
          var done = el.querySelector("[data-done='true']");
          if (!(done && el.getAttribute("data-until-done") === "true")) { setTimeout(refresh, every); }
        })
        .catch(function () { setTimeout(refresh, every * 2); });
    }
    setTimeout(refresh, every);
  }
  document.addEventListener("DOMContentLoaded", function () {
    localTimes(document);
    document.querySelectorAll("[data-live]").forEach(live);
  });
}());
