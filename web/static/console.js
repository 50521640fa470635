// The customer page polls the live state of its recipes and agents every
// two seconds and updates their badges and buttons in place.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live) return;
  var url = live.getAttribute("data-url");

  function setBadge(el, on, text) {
    if (!el) return;
    el.textContent = text;
    el.classList.toggle("on", on);
    el.classList.toggle("off", !on);
  }

  function apply(state) {
    state.recipes.forEach(function (r) {
      var row = document.querySelector('[data-recipe="' + r.id + '"]');
      if (!row) return;
      setBadge(row.querySelector('[data-field="state"]'), r.running, r.running ? "running" : "stopped");
      row.querySelector('[data-field="succeeded"]').textContent = r.job_succeeded_count;
      row.querySelector('[data-field="failed"]').textContent = r.job_failed_count;
      row.querySelectorAll("form[data-show]").forEach(function (f) {
        f.hidden = f.getAttribute("data-show") !== (r.running ? "running" : "stopped");
      });
    });
    state.agents.forEach(function (a) {
      var row = document.querySelector('[data-agent="' + a.id + '"]');
      if (!row) return;
      setBadge(row.querySelector('[data-field="state"]'), a.active, a.state);
      row.querySelector('[data-field="version"]').textContent = a.last_seen_version || "\u2014";
    });
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (res) {
        if (res.status === 401) {
          live.textContent = "Signed out: reload the page to sign in again.";
          live.className = "live-off";
          return null;
        }
        return res.ok ? res.json() : null;
      })
      .then(function (state) {
        if (state) apply(state);
        if (live.className !== "live-off") setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 2000);
})();
