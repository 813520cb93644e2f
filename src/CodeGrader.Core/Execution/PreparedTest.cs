namespace CodeGrader.Core.Execution;

/// <summary>A test request serialized for one worker, with its fresh random id; <see cref="Bytes"/> is its size in the channel.</summary>
internal sealed record PreparedTest(int Id, byte[] Payload)
{
    public int Bytes => CodeGrader.Protocol.Frame.HeaderSize + Payload.Length;
}
