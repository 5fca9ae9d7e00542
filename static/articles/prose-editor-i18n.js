// The body editor (django-prose-editor) asks window.gettext for these texts; it ships no
// Arabic. Listing them here lets makemessages keep them in locale/*/djangojs.po, and the
// admin's JavaScript catalog then serves our translations to the editor. No page loads this file.
// The toolbar's texts, which the package writes without gettext, are given by MenuLabels in
// prose-editor-extensions.js.
"use strict";
window.gettext_noop && [
  gettext_noop("Image URL"),
  gettext_noop("Alternative Text"),
  gettext_noop("Caption"),
  gettext_noop("Edit Figure"),
  gettext_noop("Edit Image"),
  gettext_noop("Insert Figure"),
  gettext_noop("Update"),
  gettext_noop("Insert"),
  gettext_noop("Cancel"),
  gettext_noop("Browse..."),
  gettext_noop("URL"),
  gettext_noop("Title"),
  gettext_noop("Open in new window"),
  gettext_noop("Edit Link"),
  gettext_noop("List properties"),
  gettext_noop("Decimal numbers"),
  gettext_noop("Lowercase letters"),
  gettext_noop("Uppercase letters"),
  gettext_noop("Lowercase Roman numerals"),
  gettext_noop("Uppercase Roman numerals"),
  gettext_noop("Start at"),
  gettext_noop("List type"),
  gettext_noop("Toggle fullscreen"),
  gettext_noop("Add caption"),
  gettext_noop("Remove caption"),
  gettext_noop("Bullets"),
];
