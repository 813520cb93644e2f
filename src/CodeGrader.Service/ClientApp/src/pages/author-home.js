// The interviewer's home: every published exercise (published means it passed verification) and the upload of an
// exercise folder (zip or tar.gz), with the diagnostics at their files and lines when it does not verify.
import { api, ApiError } from "../api.js";
import { clear, h, message, page } from "../dom.js";
import { diagnosticList } from "../results.js";

export async function authorHomePage() {
  const list = h("div", {});
  const area = page("Exercises", list, uploadForm(() => refresh(list)));
  await refresh(list);
  return area;
}

async function refresh(list) {
  try {
    const exercises = await api("/exercises");
    clear(list).append(exercises.length === 0 ? message("No exercise is published yet: upload one below.") :
      h("table", { class: "exercises" },
        h("thead", {}, h("tr", {}, ["exercise", "title", "version", "verification", "published", ""].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, exercises.map((e) => h("tr", { dataset: { exercise: e.id } },
          h("td", {}, h("a", { href: `/author/exercises/${encodeURIComponent(e.id)}` }, e.id)),
          h("td", {}, e.title),
          h("td", { class: "num" }, e.version),
          h("td", { class: "status passed" }, "verified"),
          h("td", {}, new Date(e.published_at).toLocaleString()),
          h("td", {},
            h("a", { href: `/author/submissions?exercise=${encodeURIComponent(e.id)}` }, "submissions"), " · ",
            h("a", { href: `/exercises/${encodeURIComponent(e.id)}` }, "candidate page")))))));
  } catch (error) {
    clear(list).append(message(error.message, "error"));
  }
}

function uploadForm(uploaded) {
  const id = h("input", { id: "upload-id", name: "id", required: true, pattern: "[a-z0-9][a-z0-9_-]*", autocomplete: "off" });
  const file = h("input", { id: "upload-file", name: "file", type: "file", accept: ".zip,.tar.gz,.tgz", required: true });
  const outcome = h("div", { class: "upload-outcome", "aria-live": "polite" });
  file.addEventListener("change", () => {
    const name = file.files[0]?.name?.replace(/\.(zip|tar\.gz|tgz)$/i, "").toLowerCase();
    if (name && !id.value) id.value = name;
  });
  const form = h("form", { class: "card upload" },
    h("h2", {}, "Upload an exercise"),
    h("p", { class: "help" }, "The folder as a zip or tar.gz. It is verified like codegrader verify and published as the next version only if it passes."),
    h("label", { for: "upload-id" }, "Exercise id"), id,
    h("label", { for: "upload-file" }, "Archive"), file,
    h("button", { type: "submit" }, "Upload and verify"),
    outcome);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const archive = file.files[0];
    if (!archive) return;
    clear(outcome).append(message("Uploading and verifying…"));
    try {
      const type = /\.zip$/i.test(archive.name) ? "application/zip" : "application/gzip";
      const result = await api(`/exercises/${encodeURIComponent(id.value)}`, { method: "PUT", body: archive, headers: { "Content-Type": type } });
      clear(outcome).append(message(`Published ${result.exercise} version ${result.version}.`, "success"), diagnosticList(result.diagnostics) ?? "");
      uploaded();
    } catch (error) {
      const diagnostics = error instanceof ApiError ? error.problem.diagnostics : null;
      clear(outcome).append(message(error.message, "error"), diagnosticsAtLines(diagnostics) ?? "");
    }
  });
  return form;
}

/** Diagnostics grouped by file, each at its line and column, sorted by position. */
function diagnosticsAtLines(diagnostics) {
  if (!diagnostics?.length) return null;
  const byFile = new Map();
  for (const d of diagnostics) byFile.set(d.file || "(exercise)", [...(byFile.get(d.file || "(exercise)") ?? []), d]);
  return h("div", { class: "diagnostic-files" }, [...byFile].map(([file, list]) => h("section", { class: "card" },
    h("h3", {}, file),
    h("table", { class: "diagnostics-table" },
      h("thead", {}, h("tr", {}, ["line", "column", "severity", "id", "message"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, list.sort((a, b) => a.line - b.line || a.column - b.column).map((d) => h("tr", { class: d.severity, dataset: { line: d.line } },
        h("td", { class: "num" }, d.line), h("td", { class: "num" }, d.column), h("td", {}, d.severity), h("td", {}, d.id), h("td", {}, d.message))))))));
}
