namespace CodeGrader.Core.Execution;

/// <summary>The host could not get a worker to the ready state: an internal error, never the candidate's fault.</summary>
public sealed class WorkerStartException(string message, Exception? inner = null) : Exception(message, inner);
