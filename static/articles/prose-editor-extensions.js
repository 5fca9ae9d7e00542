// Our extensions of the body editor (django-prose-editor). The editor imports this module
// itself: DJANGO_PROSE_EDITOR_EXTENSIONS in newsroom/settings.py names it, and the names it
// exports are switched on in BODY_EDITOR (articles/admin/forms.py). A static file, so the
// admin's CSP (no inline script) allows it.
import { Extension, Plugin, pm } from "django-prose-editor/editor"

// The JavaScript catalog (the admin's jsi18n) is loaded before the editor starts.
const gettext = (text) => (window.gettext ? window.gettext(text) : text)
const interpolate = (format, values) =>
  window.interpolate
    ? window.interpolate(format, values, true)
    : format.replace(/%\(\w+\)s/g, (name) => values[name.slice(2, -2)])

// Where a figure ends, when the cursor is in its caption (with nothing selected).
const captionFigureEnd = (state) => {
  const { selection } = state
  const { $from } = selection
  if (!selection.empty || $from.parent.type.name !== "caption" || $from.depth < 2) {
    return null
  }
  return $from.after($from.depth - 1)
}

// A new empty paragraph right after the figure ending at `pos`, with the cursor in it.
const paragraphAfter = (editor, pos) =>
  editor
    .chain()
    .insertContentAt(pos, { type: "paragraph" })
    .setTextSelection(pos + 1)
    .scrollIntoView()
    .run()

// Whether a step brought in a figure (the image dialog's insertion, a paste).
const bringsFigure = (step) => {
  let found = false
  step.slice?.content.descendants((node) => {
    found ||= node.type.name === "figure"
    return !found
  })
  return found
}

/**
 * Leaving an image's caption: a caption is one line, so Enter in it starts a new paragraph
 * after the image; ArrowDown on its last line, or a click below an image that ends the text,
 * does the same when nothing follows the image (where the cursor could not go otherwise).
 * An image inserted with its caption already written leaves the cursor in a new paragraph
 * after it (the package leaves it at the end of the caption), so the writer just goes on.
 */
export const FigureExit = Extension.create({
  name: "figureExit",
  // Before the editor's own Enter (which cannot split a caption, so it did nothing and the
  // text went on in the caption) and before the gap cursor's arrow keys.
  priority: 1000,

  addKeyboardShortcuts() {
    return {
      Enter: ({ editor }) => {
        const end = captionFigureEnd(editor.state)
        return end !== null && paragraphAfter(editor, end)
      },
      ArrowDown: ({ editor }) => {
        const end = captionFigureEnd(editor.state)
        if (end === null || editor.state.doc.resolve(end).nodeAfter) return false
        if (!editor.view.endOfTextblock("down")) return false
        return paragraphAfter(editor, end)
      },
    }
  },

  addProseMirrorPlugins() {
    const { editor } = this
    return [
      new Plugin({
        appendTransaction: (transactions, _oldState, state) => {
          if (!transactions.some((tr) => tr.steps.some(bringsFigure))) return null
          const end = captionFigureEnd(state)
          const { $from } = state.selection
          if (end === null || !$from.parent.content.size) return null
          if ($from.parentOffset !== $from.parent.content.size) return null
          const tr = state.tr.insert(end, state.schema.nodes.paragraph.create())
          return tr.setSelection(pm.state.TextSelection.create(tr.doc, end + 1)).scrollIntoView()
        },
        props: {
          handleDOMEvents: {
            mousedown: (view, event) => {
              const last = view.state.doc.lastChild
              if (!view.editable || event.button !== 0 || last?.type.name !== "figure") {
                return false
              }
              const figure = view.nodeDOM(view.state.doc.content.size - last.nodeSize)
              if (!figure || event.clientY <= figure.getBoundingClientRect().bottom) {
                return false
              }
              event.preventDefault()
              view.focus()
              return paragraphAfter(editor, view.state.doc.content.size)
            },
          },
        },
      }),
    ]
  },
})

// The toolbar's tooltips and menu entries, which the package writes in English without
// gettext: item name → the text, looked up in the JavaScript catalog (locale/*/djangojs.po).
const MENU_LABELS = {
  paragraph: () => gettext("Paragraph"),
  bulletList: () => gettext("Bulleted list"),
  orderedList: () => gettext("Numbered list"),
  blockquote: () => gettext("Quote"),
  horizontalRule: () => gettext("Horizontal line"),
  figure: () => gettext("Insert image"),
  bold: () => gettext("Bold"),
  italic: () => gettext("Italic"),
  underline: () => gettext("Underline"),
  strike: () => gettext("Strikethrough"),
  link: () => gettext("Insert link"),
  unlink: () => gettext("Remove link"),
  "history:undo": () => gettext("Undo"),
  "history:redo": () => gettext("Redo"),
  html: () => gettext("Edit HTML"),
}

const menuLabel = (name) => {
  const heading = /^heading(\d)$/.exec(name)
  if (heading) return interpolate(gettext("Heading %(level)s"), { level: heading[1] })
  return MENU_LABELS[name]?.()
}

/**
 * The toolbar in the admin's language: each menu item's tooltip, accessible name and entry
 * in the block-type menu. Runs once the package has defined the items (its own and those of
 * the extensions before this one) and before it builds the toolbar from them.
 */
export const MenuLabels = Extension.create({
  name: "menuLabels",

  addMenuItems({ _definedItems }) {
    for (const item of Object.values(_definedItems)) {
      const label = menuLabel(item.name)
      if (!label) continue
      if (item.button) {
        item.button.title = label
        item.button.setAttribute("aria-label", label)
      }
      if (item.option) item.option.textContent = label
    }
  },

  onCreate({ editor }) {
    // The block-type menu shows a question mark when the cursor is in none of its types
    // (in a caption, say); the package names that button after the icon.
    const unknown = gettext("Text type")
    editor.on("transaction", () => {
      const dom = editor.storage.menu?.dom
      for (const button of dom ? dom.querySelectorAll(".prose-menubar__selected > button") : []) {
        if (button.textContent === "question_mark") {
          button.title = unknown
          button.setAttribute("aria-label", unknown)
        }
      }
    })
    editor.view.dispatch(editor.state.tr)
  },
})
