using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Clusterd.ClusApi;

namespace Clusterd.Client;

/// <summary>A value of the cluster registry (the cluster database): its REG_* type and its bytes, as the server keeps them.</summary>
/// <param name="Type">The REG_* type.</param>
/// <param name="Data">The bytes (UTF-16LE with the NUL for the string types).</param>
public sealed record ClusterRegistryValue(RegistryValueType Type, ReadOnlyMemory<byte> Data)
{
    /// <summary>A REG_SZ.</summary>
    public static ClusterRegistryValue String(string value) => new(RegistryValueType.String, Encoding.Unicode.GetBytes(value + "\0"));

    /// <summary>A REG_EXPAND_SZ.</summary>
    public static ClusterRegistryValue ExpandString(string value) => new(RegistryValueType.ExpandString, Encoding.Unicode.GetBytes(value + "\0"));

    /// <summary>A REG_MULTI_SZ: each string NUL-terminated, then one more NUL.</summary>
    public static ClusterRegistryValue MultiString(IEnumerable<string> values) =>
        new(RegistryValueType.MultiString, Encoding.Unicode.GetBytes(string.Concat(values.Select(v => v + "\0")) + "\0"));

    /// <summary>A REG_DWORD.</summary>
    public static ClusterRegistryValue DWord(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return new(RegistryValueType.DWord, b);
    }

    /// <summary>A REG_QWORD.</summary>
    public static ClusterRegistryValue QWord(ulong value)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        return new(RegistryValueType.QWord, b);
    }

    /// <summary>A REG_BINARY.</summary>
    public static ClusterRegistryValue Binary(ReadOnlySpan<byte> value) => new(RegistryValueType.Binary, value.ToArray());

    /// <summary>
    /// A value from its text as a command line gives it: a string (String, ExpandString), strings separated by
    /// <paramref name="separator"/> (MultiString), a decimal or 0x-hex number (DWord, QWord) or hex digits (Binary).
    /// A text that is not of the type is a <see cref="FormatException"/>.
    /// </summary>
    public static ClusterRegistryValue Parse(RegistryValueType type, string text, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(text);
        return type switch
        {
            RegistryValueType.String => String(text),
            RegistryValueType.ExpandString => ExpandString(text),
            RegistryValueType.MultiString => MultiString(text.Split(separator)),
            RegistryValueType.DWord => DWord(checked((uint)ParseNumber(text, uint.MaxValue))),
            RegistryValueType.QWord => QWord(ParseNumber(text, ulong.MaxValue)),
            RegistryValueType.Binary => Binary(Convert.FromHexString(text)),
            _ => throw new FormatException($"values of type {type} cannot be given as text"),
        };
    }

    private static ulong ParseNumber(string text, ulong max)
    {
        var ok = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var n)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out n);
        return ok && n <= max ? n : throw new FormatException($"'{text}' is not a number from 0 to {max}");
    }

    /// <summary>The value as .NET sees it: string, string[], uint, ulong or byte[].</summary>
    public object Value => Type switch
    {
        RegistryValueType.String or RegistryValueType.ExpandString => Encoding.Unicode.GetString(Data.Span).Split('\0')[0],
        RegistryValueType.MultiString => Encoding.Unicode.GetString(Data.Span).Split('\0', StringSplitOptions.RemoveEmptyEntries),
        RegistryValueType.DWord when Data.Length == 4 => BinaryPrimitives.ReadUInt32LittleEndian(Data.Span),
        RegistryValueType.QWord when Data.Length == 8 => BinaryPrimitives.ReadUInt64LittleEndian(Data.Span),
        _ => Data.ToArray(),
    };
}
