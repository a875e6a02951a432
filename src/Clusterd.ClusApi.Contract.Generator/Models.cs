using System.Collections;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Clusterd.ClusApi.Contract.Generator;

/// <summary>What the generator emits for one message or handle (Members: a handle's members as text): values only, so the incremental pipeline can compare them.</summary>
internal sealed record MessageModel(
    string? Namespace,
    string Name,
    string MetadataName,
    bool IsReadOnly,
    string? Opnum,
    bool NeedsWrite,
    bool NeedsRead,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<DiagnosticModel> Diagnostics,
    EquatableArray<string> Members);

/// <summary>One primary constructor parameter: its write statement and read expression.</summary>
internal sealed record ParameterModel(string Name, string Write, string Read, bool IsRpcStatus);

/// <summary>A diagnostic to report instead of generating code.</summary>
internal sealed record DiagnosticModel(string Id, LocationModel Location, EquatableArray<string> Arguments);

/// <summary>A source location as values.</summary>
internal sealed record LocationModel(string Path, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationModel From(Location location) =>
        new(location.SourceTree?.FilePath ?? "", location.SourceSpan, location.GetLineSpan().Span);

    public Location ToLocation() => Location.Create(Path, Span, LineSpan);
}

/// <summary>An immutable array compared by its elements.</summary>
internal readonly struct EquatableArray<T>(T[] items) : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
    where T : IEquatable<T>
{
    private readonly T[] _items = items ?? [];

    private T[] Items => _items ?? [];

    public int Count => Items.Length;

    public T this[int index] => Items[index];

    public bool Equals(EquatableArray<T> other) => Items.AsSpan().SequenceEqual(other.Items.AsSpan());

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = 17;
        foreach (var item in Items)
        {
            hash = unchecked((hash * 31) + (item?.GetHashCode() ?? 0));
        }
        return hash;
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
