// Progressive enhancement for "Reply": move the form under the comment being answered.
// Without JavaScript the reply links (?replytocom=<id>#respond) reload the page instead.
// Pages come from a cache shared by all readers, so the form arrives without the reader's
// remembered name and e-mail: when the hint cookie says there are some, they are fetched
// (/comments/author/, never cached) and filled into the empty fields.
(function () {
  "use strict";

  var HINT = /(?:^|;\s*)newsroom_comment_remembered=1(?:;|$)/;

  function fillRemembered(form) {
    var url = form.getAttribute("data-remembered-author");
    if (!url || !window.fetch || !HINT.test(document.cookie)) return;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (data) {
        var filled = false;
        ["author", "email", "url"].forEach(function (name) {
          var field = form.elements[name];
          if (field && !field.value && data[name]) {
            field.value = data[name];
            filled = true;
          }
        });
        var consent = form.elements.cookies_consent;
        if (filled && consent) consent.checked = true;
      })
      .catch(function () {});  // the reader types their name; nothing else depends on it
  }

  // The "edit" link on the reader's own comment (rendered for the browser that posted it)
  // goes when the edit window closes; after that the edit page answers 403 anyway.
  function expireEditLinks() {
    var links = document.querySelectorAll(".comment__edit[data-edit-until]");
    Array.prototype.forEach.call(links, function (link) {
      var left = parseInt(link.getAttribute("data-edit-until"), 10) - Date.now();
      if (!(left > 0)) { link.remove(); return; }
      window.setTimeout(function () { link.remove(); }, Math.min(left, 2147483647));
    });
  }

  function init() {
    expireEditLinks();
    var form = document.getElementById("commentform");
    if (form) fillRemembered(form);
    var respond = document.getElementById("respond");
    if (!respond || !form) return;
    var parentField = form.querySelector('input[name="comment_parent"]');
    var cancel = document.getElementById("cancel-comment-reply-link");
    var replyingTo = document.getElementById("replying-to");
    var home = document.createElement("div");
    home.id = "respond-home";
    home.hidden = true;
    respond.parentNode.insertBefore(home, respond);

    function moveTo(commentId, author) {
      var body = document.querySelector("#comment-" + commentId + " > .comment__body");
      if (!body) return false;
      body.after(respond);
      parentField.value = commentId;
      if (cancel) cancel.parentNode.hidden = false;
      if (replyingTo) {
        var name = document.createElement("bdi");
        name.textContent = author;
        replyingTo.textContent = replyingTo.getAttribute("data-label") + " ";
        replyingTo.appendChild(name);
        replyingTo.hidden = false;
      }
      form.querySelector("textarea").focus();
      return true;
    }

    function restore() {
      home.after(respond);
      parentField.value = "0";
      if (cancel) cancel.parentNode.hidden = true;
      if (replyingTo) replyingTo.hidden = true;
    }

    document.addEventListener("click", function (event) {
      var link = event.target.closest("a.comment__reply");
      if (link && moveTo(link.getAttribute("data-comment-id"), link.getAttribute("data-author"))) {
        event.preventDefault();
      }
    });
    if (cancel) {
      cancel.addEventListener("click", function (event) {
        event.preventDefault();
        restore();
      });
    }
    var errors = document.getElementById("form-errors");
    if (errors) errors.focus();  // a refused comment: take the reader to the reasons
    if (parentField.value && parentField.value !== "0") {
      var current = document.getElementById("comment-" + parentField.value);
      if (current) current.querySelector(".comment__body").after(respond);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

// The report dialog: with JavaScript, each comment's "Report" link opens one <dialog> of the
// page (templates/comments/_report_dialog.html) that posts the report with fetch to the same
// address as the form page. No CSRF token (the page is cached for everyone): the browser's
// Origin header is what the server checks (newsroom/origin.py), as for the comment form.
(function () {
  "use strict";

  function reportDialog() {
    var dialog = document.getElementById("report-dialog");
    if (!dialog || typeof dialog.showModal !== "function" || !window.fetch) return;
    var form = dialog.querySelector("form");
    var status = dialog.querySelector(".report-dialog__status");
    var send = dialog.querySelector(".report-dialog__send");
    var opener = null;

    function say(text, failed) {
      status.textContent = text;
      status.classList.toggle("report-dialog__status--error", !!failed);
    }

    function lock(locked) {
      form.querySelector(".report-dialog__reasons").disabled = locked;
      form.elements.details.disabled = locked;
    }

    function open(link) {
      opener = link;
      form.reset();
      form.action = link.getAttribute("href");
      lock(false);
      send.hidden = false;
      send.disabled = false;
      say("", false);
      dialog.showModal();
      var first = form.querySelector('input[name="reason"]');
      if (first) first.focus();
    }

    dialog.addEventListener("close", function () {
      if (opener && document.contains(opener)) opener.focus();
      opener = null;
    });
    dialog.querySelector(".report-dialog__close").addEventListener("click", function () {
      dialog.close();
    });
    document.addEventListener("click", function (event) {
      var link = event.target.closest("a.comment__report");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      open(link);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();  // a reason is required: the browser asks for one before this
      send.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        redirect: "manual",  // success is a 302 back to the comment: the page is not needed
      })
        .then(function (response) {
          if (response.type !== "opaqueredirect" && !response.ok) throw new Error(response.status);
          lock(true);
          send.hidden = true;
          say(dialog.getAttribute("data-sent"), false);
          status.focus();
        })
        .catch(function () {
          send.disabled = false;
          say(dialog.getAttribute("data-failed"), true);
        });
    });
  }

  // Live comments: an open article asks its comments' small JSON answer (comments/live.py)
  // every data-live-interval seconds (four times less often while the tab is hidden). When it
  // holds approved comments this page lacks, a bar offers them; a click inserts them.
  function liveComments() {
    var bar = document.getElementById("comments-live");
    if (!bar || !window.fetch) return;
    var button = bar.querySelector("button");
    var url = bar.getAttribute("data-live-url");
    var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang) : null;
    var waiting = [];
    var timer = null;
    var lastPoll = Date.now();

    function interval() {
      var seconds = parseFloat(bar.getAttribute("data-live-interval")) || 30;
      return seconds * 1000 * (document.hidden ? 4 : 1);
    }

    function schedule(delay) {
      clearTimeout(timer);
      timer = setTimeout(poll, delay === undefined ? interval() : delay);
    }

    function label(count) {
      var category = plural ? plural.select(count) : count === 1 ? "one" : "other";
      var text = bar.getAttribute("data-label-" + category) || bar.getAttribute("data-label-other");
      return text.replace("#", count.toLocaleString(document.documentElement.lang));
    }

    function shown(id) {
      return !!document.getElementById("comment-" + id);
    }

    // The comments this page lacks, oldest first: a reply only under a parent the page has
    // or will have (a reply to a comment on another page of the thread is left out).
    function missing(items) {
      var coming = {};
      return items.filter(function (item) {
        if (shown(item.id) || (item.parent && !shown(item.parent) && !coming[item.parent])) {
          return false;
        }
        coming[item.id] = true;
        return true;
      });
    }

    function poll() {
      lastPoll = Date.now();
      // "no-cache": always ask the server (a 304 when nothing changed); the answer's
      // stale-while-revalidate would otherwise let the browser serve the last one again.
      fetch(url, {
        cache: "no-cache",
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (response.status === 404 || response.status === 410) return null;  // stop
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          if (data === null) return;
          waiting = missing(data.comments);
          if (waiting.length) {
            button.textContent = label(waiting.length);
            bar.hidden = false;
          } else {
            bar.hidden = true;
          }
          schedule();
        })
        .catch(function () { schedule(interval() * 2); });
    }

    function place(item) {
      var holder = document.createElement("ol");
      holder.innerHTML = item.html;  // stored, sanitised comment HTML (comments/rendering.py)
      var node = holder.firstElementChild;
      var list;
      if (item.parent) {
        var parent = document.getElementById("comment-" + item.parent);
        if (!parent) return null;
        list = parent.querySelector(":scope > ol.children");
        if (!list) {
          list = document.createElement("ol");
          list.className = "children";
          parent.appendChild(list);
        }
      } else {
        list = document.querySelector("#comments .comment-list");
        if (!list) {
          list = document.createElement("ol");
          list.className = "comment-list";
          var empty = document.querySelector("#comments .comments__empty");
          if (empty) empty.replaceWith(list);
          else bar.before(list);
        }
      }
      var time = Date.parse(item.created);
      var after = null;
      Array.prototype.forEach.call(list.children, function (sibling) {
        var stamp = sibling.querySelector(":scope > .comment__body time");
        if (after === null && stamp && Date.parse(stamp.getAttribute("datetime")) > time) {
          after = sibling;
        }
      });
      list.insertBefore(node, after);
      return node;
    }

    button.addEventListener("click", function () {
      var first = null;
      missing(waiting).forEach(function (item) {
        var node = place(item);
        if (node && !first) first = node;
      });
      waiting = [];
      bar.hidden = true;
      if (first) {
        var body = first.querySelector(".comment__body");
        body.setAttribute("tabindex", "-1");
        body.focus();
      }
    });
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden && Date.now() - lastPoll >= interval()) schedule(0);
      else schedule(Math.max(0, interval() - (Date.now() - lastPoll)));
    });
    schedule();
  }

  function init() {
    reportDialog();
    liveComments();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
