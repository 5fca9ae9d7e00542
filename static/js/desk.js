// The comment desk's one-click row actions, staff replies and keyboard shortcuts.
// Without JavaScript the same buttons post a normal form and the page comes back.
(function () {
  "use strict";

  var form = document.getElementById("desk-action-form");
  var live = document.getElementById("desk-status");
  if (!form || !live) return;
  var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var queue = form.querySelector("[name=queue]").value;
  var current = null;
  var lastUndo = null;

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("#result_list tbody tr"));
  }

  function select(row) {
    if (current) {
      current.classList.remove("is-current");
      current.removeAttribute("aria-current");
    }
    current = row || null;
    if (current) {
      current.classList.add("is-current");
      current.setAttribute("aria-current", "true");
      // Vertically only: scrollIntoView would also slide a wide table sideways.
      var box = current.getBoundingClientRect();
      if (box.top < 0) window.scrollBy(0, box.top - 10);
      else if (box.bottom > window.innerHeight) window.scrollBy(0, box.bottom - window.innerHeight + 10);
    }
  }

  function move(step) {
    var list = rows();
    if (!list.length) return;
    var at = list.indexOf(current);
    var next = at < 0 ? 0 : Math.max(0, Math.min(list.length - 1, at + step));
    select(list[next]);
  }

  function say(message, undo) {
    live.textContent = message;
    if (undo) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button desk-undo";
      button.textContent = live.getAttribute("data-undo-label") + " (z)";
      button.addEventListener("click", doUndo);
      live.appendChild(document.createTextNode(" "));
      live.appendChild(button);
    }
  }

  function post(url, fields) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token },
    }).then(function (response) {
      return response.json().catch(function () {
        throw new Error(live.getAttribute("data-failed"));
      });
    });
  }

  // The status links' texts: the number, or "more than N comments" past the desk's cap.
  function updateCounts(counts) {
    if (!counts) return;
    Object.keys(counts).forEach(function (key) {
      var span = document.querySelector('.status-links [data-count="' + key + '"]');
      if (span) span.textContent = "(" + counts[key] + ")";
    });
  }

  function redraw(row, answer) {
    var cell = row.querySelector(".desk-comment");
    if (answer.status && cell) {
      cell.setAttribute("data-status", answer.status);
      var status = row.querySelector(".comment-status");
      if (status) {
        status.className = "comment-status comment-status--" + answer.status;
        status.textContent = answer.status_label;
      }
    }
    if (answer.actions_html && cell) {
      var old = cell.querySelector(".row-actions");
      var holder = document.createElement("div");
      holder.innerHTML = answer.actions_html;
      if (old) old.replaceWith(holder.firstElementChild);
    }
    row.classList.toggle("is-done", answer.in_queue === false);
    updateCounts(answer.count_labels || answer.counts);
  }

  function act(row, key, url) {
    if (!row || !url) return;
    if (key === "delete" && !window.confirm(live.getAttribute("data-delete-confirm"))) return;
    select(row);
    row.classList.add("is-busy");
    post(url, { action: key, queue: queue })
      .then(function (answer) {
        row.classList.remove("is-busy");
        if (!answer.changed) { say(answer.message); return; }
        if (answer.deleted) {
          var list = rows();
          var next = list[list.indexOf(row) + 1] || list[list.indexOf(row) - 1];
          row.remove();
          updateCounts(answer.count_labels || answer.counts);
          select(next);
          lastUndo = null;
          say(answer.message);
          return;
        }
        redraw(row, answer);
        lastUndo = answer.undo ? { row: row, key: answer.undo, url: url } : null;
        say(answer.message, Boolean(lastUndo));
      })
      .catch(function (error) {
        row.classList.remove("is-busy");
        say(error.message || live.getAttribute("data-failed"));
      });
  }

  function doUndo() {
    if (!lastUndo) return;
    var undo = lastUndo;
    lastUndo = null;
    act(undo.row, undo.key, undo.url);
  }

  function actionButton(row, key) {
    return row && row.querySelector('.row-actions button[value="' + key + '"]');
  }

  function openReply(row) {
    var link = row && row.querySelector(".row-action--reply");
    if (!link) return;
    select(row);
    var box = row.querySelector(".desk-reply");
    if (box) { box.querySelector("textarea").focus({ preventScroll: true }); return; }
    box = document.createElement("div");
    box.className = "desk-reply";
    var text = document.createElement("textarea");
    text.rows = 3;
    text.dir = "auto";
    text.setAttribute("aria-label", live.getAttribute("data-reply-placeholder"));
    text.placeholder = live.getAttribute("data-reply-placeholder");
    var send = document.createElement("button");
    send.type = "button";
    send.className = "button default";
    send.textContent = live.getAttribute("data-reply-label");
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button";
    cancel.textContent = live.getAttribute("data-cancel-label");
    box.append(text, send, cancel);
    row.querySelector(".desk-comment").appendChild(box);
    text.focus({ preventScroll: true });

    function close() { box.remove(); select(row); }
    function submit() {
      send.disabled = true;
      post(link.getAttribute("data-reply-url"), { content: text.value, queue: queue })
        .then(function (answer) {
          send.disabled = false;
          say(answer.message);
          if (!answer.ok) return;
          redraw(row, answer);
          close();
        })
        .catch(function (error) { send.disabled = false; say(error.message); });
    }
    send.addEventListener("click", submit);
    cancel.addEventListener("click", close);
    text.addEventListener("keydown", function (event) {
      if (event.key === "Escape") close();
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit();
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".row-actions button.row-action");
    if (button) {
      event.preventDefault();
      act(button.closest("tr"), button.value, button.formAction);
      return;
    }
    var reply = event.target.closest(".row-action--reply");
    if (reply && reply.closest("#result_list")) {
      event.preventDefault();
      openReply(reply.closest("tr"));
      return;
    }
    var row = event.target.closest("#result_list tbody tr");
    if (row && !event.target.closest("a, input, textarea, button")) select(row);
  });

  function typing(target) {
    return target.closest && target.closest("input, textarea, select, [contenteditable]");
  }

  var KEYS = { a: "approve", u: "unapprove", s: "spam", n: "not_spam", t: "trash", d: "trash",
    e: "restore" };

  // The physical key, not the typed character: on an Arabic layout J types ت and A types ش,
  // and Shift+A types "A"; KeyboardEvent.code is "KeyJ"/"KeyA" on every layout.
  function physical(event) {
    var code = event.code || "";
    if (/^Key[A-Z]$/.test(code)) return code.charAt(3).toLowerCase();
    if (code === "Slash" && event.shiftKey) return "?";
    if (code === "Enter" || code === "NumpadEnter") return "Enter";
    if (code) return "";
    // No code (some synthetic or very old events): fall back to the Latin character typed.
    var key = event.key || "";
    return key.length === 1 ? key.toLowerCase() : key;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var key = physical(event);
    if (key === "j") { move(1); }
    else if (key === "k") { move(-1); }
    else if (key === "z") { doUndo(); }
    else if (key === "?" || event.key === "?" || event.key === "؟") {
      var help = document.getElementById("desk-shortcuts");
      if (help) help.open = !help.open;
    }
    else if (key === "r") { openReply(current); }
    else if (key === "Enter" && current && event.target === document.body) {
      var open = current.querySelector(".desk-comment__text");
      if (open) window.location.href = open.href;
    }
    else if (KEYS[key]) {
      var button = actionButton(current, KEYS[key]);
      if (button) act(current, button.value, button.formAction);
    }
    else { return; }
    event.preventDefault();
  });
})();
