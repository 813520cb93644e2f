using System.Collections.Concurrent;
using System.Threading.Channels;
using CodeGrader.Core.Grading;

namespace CodeGrader.Service.Submissions;

/// <summary>
/// Live events of the submissions being graded, for Server-Sent Events: each subscriber gets what happened so far,
/// then every event as it comes, then the end. Events are kept in the author view; each stream applies its caller's
/// view when it writes them. Nothing is kept once a submission ends (its stored report is the record).
/// </summary>
public sealed class SubmissionEvents : IGradingEvents
{
    private readonly ConcurrentDictionary<long, Feed> _feeds = new();

    /// <summary>Something a stream writes: a finished test, or the end of grading.</summary>
    public abstract record Item;

    public sealed record Test(TestFinished Finished) : Item;

    public sealed record Ended : Item;

    public Subscription Subscribe(long id)
    {
        var feed = _feeds.GetOrAdd(id, _ => new Feed());
        var channel = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
        feed.Add(channel);
        return new Subscription(channel.Reader, () =>
        {
            if (feed.Remove(channel)) _feeds.TryRemove(KeyValuePair.Create(id, feed));
        });
    }

    public void Publish(long id, GradingEvent e)
    {
        if (e is TestFinished finished) _feeds.GetOrAdd(id, _ => new Feed()).Publish(new Test(finished));
    }

    public void End(long id)
    {
        if (_feeds.TryRemove(id, out var feed)) feed.End();
    }

    public sealed class Subscription(ChannelReader<Item> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<Item> Reader { get; } = reader;

        public void Dispose() => unsubscribe();
    }

    private sealed class Feed
    {
        private readonly Lock _gate = new();
        private readonly List<Item> _history = [];
        private readonly List<Channel<Item>> _subscribers = [];
        private bool _ended;

        public void Add(Channel<Item> channel)
        {
            lock (_gate)
            {
                foreach (var item in _history) channel.Writer.TryWrite(item);
                if (_ended) channel.Writer.TryComplete();
                else _subscribers.Add(channel);
            }
        }

        /// <summary>True when nothing is left in the feed (no subscriber, nothing published): it can go.</summary>
        public bool Remove(Channel<Item> channel)
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
                return _subscribers.Count == 0 && _history.Count == 0;
            }
        }

        public void Publish(Item item)
        {
            lock (_gate)
            {
                _history.Add(item);
                foreach (var s in _subscribers) s.Writer.TryWrite(item);
            }
        }

        public void End()
        {
            lock (_gate)
            {
                _ended = true;
                foreach (var s in _subscribers)
                {
                    s.Writer.TryWrite(new Ended());
                    s.Writer.TryComplete();
                }
                _subscribers.Clear();
            }
        }
    }
}
