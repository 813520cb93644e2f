// The code editor: CodeMirror 6 with Python highlighting, auto-indent, line numbers, bracket matching and closing,
// search (Ctrl-F), and diagnostics from the report marked at their lines. Tab indents; Escape then Tab (or Ctrl-M to
// toggle) moves focus out, so the keyboard is never trapped.
//
// The editor lives in a shadow root: CodeMirror then puts its generated styles in a constructable stylesheet
// (adoptedStyleSheets) instead of a <style> element, which the page's CSP (style-src 'self', no 'unsafe-inline') would
// block. The page's own stylesheet is linked inside for the editor's frame and fonts.
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentOnInput, indentUnit, syntaxHighlighting, defaultHighlightStyle } from "@codemirror/language";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { python } from "@codemirror/lang-python";

export function createEditor(host, { doc, label, onChange, readOnly = false }) {
  const root = host.attachShadow({ mode: "open" });
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = "/app.css";
  const parent = document.createElement("div");
  parent.className = "editor-frame";
  root.append(link, parent);
  const view = new EditorView({
    parent,
    root,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        lintGutter(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        python(),
        indentUnit.of("    "), // PEP 8: four spaces
        EditorState.tabSize.of(4),
        EditorState.readOnly.of(readOnly),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, indentWithTab]),
        EditorView.contentAttributes.of({ "aria-label": label, "aria-describedby": "editor-help" }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange?.(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    text: () => view.state.doc.toString(),
    setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    /** Marks report@1 diagnostics (one-based lines and columns) in the editor; [] clears them. */
    mark(diagnostics) {
      const doc = view.state.doc;
      const marks = diagnostics.filter((d) => d.line).map((d) => {
        const line = doc.line(Math.min(Math.max(d.line, 1), doc.lines));
        const from = Math.min(line.from + Math.max((d.column ?? 1) - 1, 0), line.to);
        const endLine = doc.line(Math.min(Math.max(d.end_line ?? d.line, 1), doc.lines));
        let to = d.end_column ? Math.min(endLine.from + d.end_column - 1, endLine.to) : line.to;
        let start = from;
        if (to <= start) {
          // A point (Python puts "invalid syntax" just past the last token): mark the character at it, or the line's last.
          if (start < line.to) to = start + 1;
          else {
            start = Math.max(line.from, line.to - 1);
            to = line.to;
          }
        }
        return { from: start, to, severity: d.severity === "warning" ? "warning" : d.severity === "info" ? "info" : "error", message: `${d.id}: ${d.message}` };
      });
      view.dispatch(setDiagnostics(view.state, marks));
    },
    focus: () => view.focus(),
  };
}

/** A read-only editor for showing code (the author's view of a submission), with its diagnostics. */
export function createViewer(parent, { doc, label }) {
  return createEditor(parent, { doc, label, readOnly: true });
}
