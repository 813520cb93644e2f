using System.IO.Pipes;
using CodeGrader.Core.Execution;
using CodeGrader.Protocol;

namespace CodeGrader.Core.Tests.Execution;

/// <summary>The host's end of the channel reads every frame whole, whatever its size and however the worker's writes split.</summary>
public sealed class HostChannelTests
{
    [Fact]
    public async Task Frames_of_every_size_written_together_or_a_byte_at_a_time_come_back_whole_and_in_order()
    {
        // Sizes around the channel's first buffer (4 KiB), the most it grows to (64 KiB) and past it (read straight into the payload).
        int[] sizes = [0, 1, 100, 4_000, 4_096, 4_090, 5_000, 9_000, 40_000, 65_000, 65_536, 70_000, 300, 200_000, 12];
        var frames = sizes.Select((size, i) => Enumerable.Range(0, size).Select(b => (byte)(b * 31 + i)).ToArray()).ToList();
        var bytes = new List<byte>();
        foreach (var payload in frames)
        {
            var header = new byte[Frame.HeaderSize];
            Frame.WriteHeader(header, FrameKind.Result, payload.Length, 7);
            bytes.AddRange(header);
            bytes.AddRange(payload);
        }

        foreach (var chunk in new[] { bytes.Count, 1, 4_093, 65_537 })
        {
            using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
            using var writer = new AnonymousPipeClientStream(PipeDirection.Out, pipe.ClientSafePipeHandle);
            var channel = new HostChannel(Stream.Null, pipe);
            var writing = Task.Run(async () =>
            {
                var all = bytes.ToArray();
                for (var at = 0; at < all.Length; at += chunk) await writer.WriteAsync(all.AsMemory(at, Math.Min(chunk, all.Length - at)));
                writer.Dispose();
            });

            foreach (var expected in frames)
            {
                var read = await channel.ReadAsync();
                read.ShouldNotBeNull($"a frame of {expected.Length} bytes (writes of {chunk} bytes)");
                var frame = read.Value;
                frame.Kind.ShouldBe(FrameKind.Result);
                frame.Payload.ToArray().ShouldBe(expected, $"the payload of a frame of {expected.Length} bytes (writes of {chunk} bytes)");
            }
            (await channel.ReadAsync()).ShouldBeNull("the end of the stream after the last frame");
            await writing;
        }
    }
}
