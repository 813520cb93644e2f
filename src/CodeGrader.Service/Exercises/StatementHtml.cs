using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CodeGrader.Service.Exercises;

/// <summary>
/// An exercise's statement (Markdown) as HTML for the web page, rendered on the server with Markdig: raw HTML in the
/// Markdown is written as text, and a link or image whose URL is not http(s), mailto or relative (javascript:, data:,
/// vbscript:, ...) loses its URL. No extension that lets Markdown set attributes is enabled.
/// </summary>
public static class StatementHtml
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseTaskLists()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    public static string Render(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
            if (!IsSafe(link.Url)) link.Url = "";
        foreach (var link in document.Descendants<AutolinkInline>())
            if (!IsSafe(link.Url)) link.Url = "";
        return document.ToHtml(Pipeline);
    }

    /// <summary>Relative, fragment, http, https and mailto URLs only.</summary>
    public static bool IsSafe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return true;
        var trimmed = new string([.. url.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c))]);
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return true;
        var slash = trimmed.IndexOfAny(['/', '?', '#']);
        if (slash >= 0 && slash < colon) return true; // the colon is in the path or query, not a scheme
        var scheme = trimmed[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto";
    }
}
