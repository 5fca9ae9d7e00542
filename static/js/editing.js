// The article and page forms' editing helpers (articles/locks.py, articles/autosave.py): the
// article's edit lock heartbeat, the autosave of unsaved work, and the warning when leaving with
// changes. A static file, loaded by those admins' Media (the admin's CSP allows no inline script).
(function () {
  "use strict";

  function start() {
    const config = document.getElementById("editing");
    const form = config && document.getElementById(config.dataset.form || "article_form");
    if (!config || !form) return;
    const csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
    const token = csrf ? csrf.value : "";
    const status = document.getElementById("autosave-status");
    const autosaveUrl = config.dataset.autosaveUrl;
    const heartbeatUrl = config.dataset.heartbeatUrl;
    const saveEvery = Number(config.dataset.autosaveEvery || 30) * 1000;
    const beatEvery = Number(config.dataset.heartbeatEvery || 15) * 1000;

    // The form's fields as name → values; the body editor keeps its HTML in a textarea.
    function fields() {
      const data = {};
      for (const [name, value] of new FormData(form)) {
        if (name === "csrfmiddlewaretoken" || typeof value !== "string") continue;
        (data[name] = data[name] || []).push(value);
      }
      return data;
    }
    const snapshot = () => JSON.stringify(fields());

    const opened = snapshot();
    let kept = opened;
    let submitting = false;
    let lost = false;
    // Changed by the user (typing, pasting, choosing), not by the editor tidying its HTML.
    let touched = false;
    for (const type of ["input", "change", "keydown", "paste", "drop"]) {
      form.addEventListener(type, () => {
        touched = true;
      }, true);
    }

    function post(url, body, keepalive) {
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        keepalive: Boolean(keepalive),
        headers: { "Content-Type": "application/json", "X-CSRFToken": token },
        body: body,
      });
    }

    function autosave(keepalive) {
      if (!autosaveUrl || submitting || !touched) return;
      const now = snapshot();
      if (now === kept) return;
      post(autosaveUrl, JSON.stringify({ fields: JSON.parse(now) }), keepalive)
        .then((response) => {
          if (!response.ok) return;
          kept = now;
          if (status) {
            const time = new Date().toLocaleTimeString(document.documentElement.lang || undefined,
              { hour: "2-digit", minute: "2-digit" });
            status.textContent = `${config.dataset.savedText} ${time}`;
          }
        })
        .catch(() => {});
    }

    if (autosaveUrl) {
      window.setInterval(() => autosave(false), saveEvery);
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "hidden") autosave(true);
      });
    }

    function beat() {
      if (lost) return;
      post(heartbeatUrl, "{}")
        .then((response) => (response.ok ? response.json() : null))
        .then((answer) => {
          if (!answer || answer.state !== "taken") return;
          lost = true;
          autosave(false); // their unsaved text goes into their autosave, not lost
          const banner = document.getElementById("edit-lock-taken");
          if (banner) {
            banner.textContent = answer.message;
            banner.hidden = false;
            banner.scrollIntoView({ block: "nearest" });
          }
        })
        .catch(() => {});
    }
    if (heartbeatUrl) window.setInterval(beat, beatEvery);

    form.addEventListener("submit", () => {
      submitting = true;
    });
    window.addEventListener("beforeunload", (event) => {
      if (submitting || !touched || snapshot() === opened) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
