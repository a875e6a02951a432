using System.Collections;

namespace Clusterd.ClusApi;

/// <summary>One property of a parsed PROPERTY_LIST: its name and one or more values.</summary>
/// <param name="Name">The property name.</param>
/// <param name="Values">The values in wire order (at least one).</param>
public sealed record ClusProperty(string Name, IReadOnlyList<ClusPropValue> Values)
{
    /// <summary>The first (usually only) value.</summary>
    public ClusPropValue Value => Values[0];
}

/// <summary>A parsed PROPERTY_LIST (see <see cref="PropertyListReader"/>).</summary>
public sealed class PropertyList : IReadOnlyList<ClusProperty>
{
    private readonly List<ClusProperty> _properties;

    internal PropertyList(List<ClusProperty> properties, int byteLength)
    {
        _properties = properties;
        ByteLength = byteLength;
    }

    /// <summary>Bytes the list took in the buffer (count, properties and the trailing 0 when present).</summary>
    public int ByteLength { get; }

    /// <summary>Number of properties.</summary>
    public int Count => _properties.Count;

    /// <summary>The property at <paramref name="index"/>.</summary>
    public ClusProperty this[int index] => _properties[index];

    /// <summary>Finds the first property named <paramref name="name"/> (case-insensitive, as cluster property names are).</summary>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ClusProperty property)
    {
        foreach (ClusProperty candidate in _properties)
        {
            if (string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                property = candidate;
                return true;
            }
        }

        property = null;
        return false;
    }

    /// <inheritdoc/>
    public IEnumerator<ClusProperty> GetEnumerator() => _properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
