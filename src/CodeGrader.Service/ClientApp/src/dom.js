// Building the page from data: text always goes in as text (textContent), never as HTML. The one exception,
// the statement, is HTML rendered and sanitized by the server (Markdig, raw HTML off, unsafe links dropped).

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (name === "class") element.className = value;
    else if (name === "dataset") Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

export function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

export function main() {
  return document.getElementById("main");
}

/** Replaces the main area with a page: a title and its parts; focus moves to it for keyboard and screen reader users. */
export function page(title, ...children) {
  document.title = `${title} · CodeGrader`;
  const area = clear(main());
  append(area, [h("h1", {}, title), ...children]);
  area.focus({ preventScroll: true });
  return area;
}

export function message(text, kind = "info") {
  return h("p", { class: `message ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

export function formatMs(ms) {
  if (ms === undefined || ms === null) return "";
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

export function formatBytes(bytes) {
  if (!bytes && bytes !== 0) return "";
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

export function label(verdictOrStatus) {
  return String(verdictOrStatus ?? "").replaceAll("_", " ");
}
