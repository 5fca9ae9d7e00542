// Word count and reading time under the body editor, updated while the journalist writes.
// The reading speed comes from the server (data-wpm) so the page and the admin agree.
"use strict";
{
  const t = window.ngettext ? window : {
    ngettext: (singular, plural, n) => (n === 1 ? singular : plural),
    interpolate: (fmt, obj) => fmt.replace(/%\((\w+)\)s/g, (_m, key) => String(obj[key])),
  };

  const start = () => {
    const stats = document.getElementById("article-stats");
    const body = document.getElementById("id_body");
    if (!stats || !body) return;
    const row = body.closest(".form-row") || body.parentElement;
    row.appendChild(stats);
    const wpm = Number(stats.dataset.wpm) || 180;

    const update = () => {
      const editor = row.querySelector(".ProseMirror[contenteditable]");
      const text = editor ? editor.innerText : body.value.replace(/<[^>]*>/g, " ");
      const words = text.split(/\s+/).filter(Boolean).length;
      const minutes = words ? Math.ceil(words / wpm) : 0;
      const label = [
        t.interpolate(t.ngettext("%(words)s word", "%(words)s words", words), { words }, true),
        t.interpolate(
          t.ngettext("%(minutes)s minute to read", "%(minutes)s minutes to read", minutes),
          { minutes },
          true,
        ),
      ].join(" · ");
      // Writing the label is itself a mutation of the row: only write when it changes.
      if (stats.textContent !== label) stats.textContent = label;
      stats.hidden = false;
    };

    update();
    row.addEventListener("input", update);
    row.addEventListener("keyup", update);
    // The editor is built after this script runs, and its toolbar changes text without typing.
    new MutationObserver(update).observe(row, { childList: true, subtree: true, characterData: true });
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}
