// One exercise for its authors: statistics as charts (verdict counts, score distribution, the tests that caught the
// most submissions) and invitation links for candidates.
import { api, ApiError } from "../api.js";
import { barChart, histogram } from "../charts.js";
import { clear, h, label, message, page } from "../dom.js";

export async function authorExercisePage(id) {
  const stats = h("section", { class: "stats", "aria-label": "Statistics" });
  const invitations = h("section", { class: "card invitations", "aria-label": "Invitations" });
  page(`Exercise ${id}`,
    h("p", {}, h("a", { href: `/author/submissions?exercise=${encodeURIComponent(id)}` }, "Its submissions"), " · ",
      h("a", { href: `/exercises/${encodeURIComponent(id)}` }, "Candidate page")),
    stats, invitations);
  await Promise.all([showStats(id, stats), showInvitations(id, invitations)]);
}

async function showStats(id, area) {
  try {
    const s = await api(`/exercises/${encodeURIComponent(id)}/stats`);
    clear(area).append(
      h("h2", {}, "Statistics"),
      h("p", {}, `${s.submissions} submissions, ${s.graded} graded${s.mean_score !== undefined ? `, mean score ${s.mean_score}` : ""}.`),
      h("figure", {}, h("figcaption", {}, "Verdicts"),
        barChart("Verdict counts", Object.entries(s.verdicts).map(([verdict, count]) => ({ label: label(verdict), value: count, kind: verdict })))),
      h("figure", {}, h("figcaption", {}, "Score distribution"),
        histogram("Score distribution", s.scores.map((b) => ({ label: `${b.from}–${b.to}`, value: b.count })))),
      h("figure", {}, h("figcaption", {}, "Tests that caught the most submissions"),
        barChart("Tests that caught the most submissions", s.tests.slice(0, 10).map((t) => ({ label: t.name, value: t.caught, kind: "caught" })), { labelWidth: 240 })));
  } catch (error) {
    clear(area).append(message(error.message, "error"));
  }
}

async function showInvitations(id, area) {
  const attempts = h("input", { id: "invite-attempts", type: "number", min: 1, max: 1000, value: 3, required: true });
  const expires = h("input", { id: "invite-expires", type: "datetime-local" });
  const who = h("input", { id: "invite-label", maxlength: 200, autocomplete: "off" });
  const outcome = h("div", { "aria-live": "polite" });
  const list = h("div", {});
  const form = h("form", { class: "invite" },
    h("label", { for: "invite-label" }, "Candidate (name or email)"), who,
    h("label", { for: "invite-attempts" }, "Attempts"), attempts,
    h("label", { for: "invite-expires" }, "Expires (default: in 7 days)"), expires,
    h("button", { type: "submit" }, "Create invitation link"),
    outcome);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { exercise: id, max_attempts: Number(attempts.value) };
    if (who.value) body.label = who.value;
    if (expires.value) body.expires_at = new Date(expires.value).toISOString();
    try {
      const issued = await api("/invitations", { method: "POST", body });
      const link = `${location.origin}${issued.link}`;
      clear(outcome).append(message("Invitation created. The link is shown only now: send it to the candidate.", "success"),
        h("p", {}, h("input", { class: "invite-link", readonly: true, value: link, "aria-label": "Invitation link", size: 60 })));
      await listInvitations(id, list);
    } catch (error) {
      clear(outcome).append(message(notAvailable(error) ?? error.message, "error"));
    }
  });
  clear(area).append(h("h2", {}, "Invite a candidate"), form, list);
  await listInvitations(id, list);
}

async function listInvitations(id, list) {
  try {
    const invitations = await api(`/invitations?exercise=${encodeURIComponent(id)}`);
    clear(list).append(invitations.length === 0 ? message("No invitation for this exercise yet.") :
      h("table", {}, h("thead", {}, h("tr", {}, ["candidate", "state", "attempts used", "expires"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, invitations.map((i) => h("tr", {},
          h("td", {}, i.label ?? `invitation ${i.id}`), h("td", {}, i.state), h("td", { class: "num" }, `${i.attempts_used} of ${i.max_attempts}`),
          h("td", {}, new Date(i.expires_at).toLocaleString()))))));
  } catch (error) {
    clear(list).append(message(notAvailable(error) ?? error.message, "error"));
  }
}

function notAvailable(error) {
  return error instanceof ApiError && (error.status === 404 || error.status === 405)
    ? "Invitations are not available on this server: its API has no /api/v1/invitations yet."
    : null;
}
