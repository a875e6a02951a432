using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Clusterd.Tests;

/// <summary>
/// Records the measurements of the given meters only (by reference, not by name: the tests of one process run in
/// parallel, each with meters of its own), for the metric unit tests. Linked into the test projects that check
/// instruments.
/// </summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public MetricRecorder(params Meter[] meters)
    {
        var mine = meters.ToHashSet();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (mine.Contains(instrument.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    /// <summary>One measurement: the instrument's name and unit, the value and its attributes.</summary>
    public sealed record Measurement(string Name, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags);

    public IReadOnlyList<Measurement> All => [.. _measurements];

    /// <summary>The measurements of <paramref name="name"/> whose attributes include all of <paramref name="tags"/>.</summary>
    public IReadOnlyList<Measurement> Of(string name, params (string Key, object? Value)[] tags) =>
        [.. _measurements.Where(m => m.Name == name && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && Equals(v, t.Value)))];

    /// <summary>The sum of the values of <see cref="Of"/> (a counter's total).</summary>
    public double Sum(string name, params (string Key, object? Value)[] tags) => Of(name, tags).Sum(m => m.Value);

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var t in tags)
        {
            d[t.Key] = t.Value;
        }
        _measurements.Enqueue(new Measurement(instrument.Name, instrument.Unit, value, d));
    }

    public void Dispose() => _listener.Dispose();
}
