namespace CodeGrader.Core.Diagnostics;

/// <summary>What a kind of problem is (stable id, title, category, default severity), apart from any occurrence of it.</summary>
public sealed record DiagnosticDescriptor(string Id, string Title, string Category, DiagnosticSeverity DefaultSeverity);
