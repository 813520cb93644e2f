namespace CodeGrader.Protocol;

/// <summary>What a frame carries. Requests go host to worker; answers (high bit set) go back.</summary>
public enum FrameKind : byte
{
    /// <summary>Compile and import the submission: a <see cref="LoadMessage"/>.</summary>
    Load = 1,
    /// <summary>Run one test: a <see cref="TestMessage"/> (id, call | steps | stdin, take).</summary>
    Test = 2,
    /// <summary>The first request: the harness as marshalled code the host cached from an earlier worker
    /// (binary), or empty to make the worker compile it and return the result in <see cref="Ready"/>.</summary>
    Harness = 3,

    /// <summary>The worker has started Python and loaded its harness: a <see cref="ReadyMessage"/> (python, pid, and
    /// harness, base64 marshalled code, when it had to compile the harness itself).</summary>
    Ready = 0x81,
    /// <summary>The answer to <see cref="Load"/>: a <see cref="LoadedMessage"/>.</summary>
    Loaded = 0x82,
    /// <summary>The answer to <see cref="Test"/>: a <see cref="ResultMessage"/>.</summary>
    Result = 0x83,
    /// <summary>The worker cannot go on (its own failure, not the candidate's): a <see cref="FatalMessage"/>.</summary>
    Fatal = 0x84,
}
