using System.Text.Json.Nodes;
using CodeGrader.Core.Results;
using CodeGrader.Service.Access;
using CodeGrader.Service.Reports;
using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Submissions;

/// <summary>A submission as its caller may see it; <c>report</c> is report@1 in the caller's view (candidates: the
/// candidate view). The source is shown only to authors and to the key that sent it; who sent it
/// (<c>submitted_by</c>) only to authors and admins, when the caller passes the names of keys and invitations.</summary>
public sealed record SubmissionView(
    long Id, string Exercise, int ExerciseVersion, string Status, string? Verdict, double? Score,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, string? Error, string? Source, JsonNode? Report, int Attempts,
    Submitter? SubmittedBy = null)
{
    public static SubmissionView For(StoredSubmission s, Caller caller, bool withReport = true, SubmitterNames? names = null) => new(
        s.Id, s.Exercise, s.ExerciseVersion, s.Status, s.Verdict, s.Score, s.CreatedAt, s.FinishedAt,
        s.Error is null ? null : caller.ReportView == ReportView.Candidate ? "internal error while grading" : s.Error,
        withReport ? s.Source : null,
        withReport && s.ReportJson is { } json ? ReportJson.InView(json, caller.ReportView) : null,
        s.Attempts,
        caller.SeesAllSubmissions ? names?.Of(s) : null);
}

/// <summary>Who sent a submission, as authors see it: the key (its id is the <c>?key=</c> filter) and, for a candidate who
/// came through an invitation link, that invitation (the <c>?invitation=</c> filter); the name is the invitation's label
/// then (the candidate), else the key's name.</summary>
public sealed record Submitter(long Key, string Name, long? Invitation = null);
