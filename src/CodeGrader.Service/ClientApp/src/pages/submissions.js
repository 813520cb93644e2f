// Every submission, for authors: filtered by exercise, candidate (the invitation or the key that sent it) and verdict.
import { api } from "../api.js";
import { clear, h, label, message, page } from "../dom.js";
import { navigate } from "../main.js";

const VERDICTS = ["accepted", "wrong_answer", "runtime_error", "time_limit_exceeded", "memory_limit_exceeded", "output_limit_exceeded", "compile_error", "internal_error"];

export async function submissionsPage() {
  const query = new URLSearchParams(location.search);
  const exercise = select("filter-exercise", "Exercise", query.get("exercise"));
  const chosen = query.get("invitation") ? `invitation:${query.get("invitation")}` : query.get("key") ? `key:${query.get("key")}` : "";
  const candidate = select("filter-key", "Candidate", chosen);
  const verdict = select("filter-verdict", "Verdict", query.get("verdict"));
  VERDICTS.forEach((v) => verdict.input.append(h("option", { value: v }, label(v))));
  verdict.input.value = query.get("verdict") ?? "";
  const table = h("div", {});
  const form = h("form", { class: "filters card", role: "search" }, exercise.field, candidate.field, verdict.field, h("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (exercise.input.value) next.set("exercise", exercise.input.value);
    if (candidate.input.value) {
      const [kind, id] = candidate.input.value.split(":");
      next.set(kind, id);
    }
    if (verdict.input.value) next.set("verdict", verdict.input.value);
    navigate(`/author/submissions${next.size ? `?${next}` : ""}`);
  });
  page("Submissions", form, table);
  try {
    const [exercises, everyone, found] = await Promise.all([
      api("/exercises"),
      api("/submissions?limit=1000"),
      api(`/submissions?${query}`),
    ]);
    exercises.forEach((e) => exercise.input.append(h("option", { value: e.id }, e.id)));
    exercise.input.value = query.get("exercise") ?? "";
    // A candidate is an invitation when they came through a link (every such submission is sent with its author's key), else a key.
    const who = (by) => (by.invitation != null ? `invitation:${by.invitation}` : `key:${by.key}`);
    const senders = new Map(everyone.filter((s) => s.submitted_by).map((s) => [who(s.submitted_by), s.submitted_by.name]));
    senders.forEach((name, value) => candidate.input.append(h("option", { value }, name)));
    candidate.input.value = chosen;
    clear(table).append(found.length === 0 ? message("No submission matches.") :
      h("table", { class: "submissions" },
        h("thead", {}, h("tr", {}, ["id", "exercise", "candidate", "status", "verdict", "score", "sent"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, found.map((s) => h("tr", { dataset: { submission: s.id } },
          h("td", {}, h("a", { href: `/author/submissions/${s.id}` }, `#${s.id}`)),
          h("td", {}, s.exercise),
          h("td", {}, s.submitted_by?.name ?? ""),
          h("td", {}, label(s.status)),
          h("td", { class: `verdict-cell ${s.verdict ?? ""}` }, label(s.verdict ?? "")),
          h("td", { class: "num" }, s.score ?? ""),
          h("td", {}, new Date(s.created_at).toLocaleString()))))));
  } catch (error) {
    clear(table).append(message(error.message, "error"));
  }
}

function select(id, text, value) {
  const input = h("select", { id, name: id }, h("option", { value: "" }, "any"));
  input.value = value ?? "";
  return { input, field: h("div", { class: "field" }, h("label", { for: id }, text), input) };
}
