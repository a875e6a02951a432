using System.Text;
using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Controls;

/// <summary>Property lists of every object, read from its database key (common) and its Parameters subkey (private).</summary>
public sealed partial class ControlDispatcher
{
    // The engine's name of each object.
    private static ClusterObjectType ObjectType(PropertyObject o) => o switch
    {
        PropertyObject.Cluster => ClusterObjectType.Cluster,
        PropertyObject.Node => ClusterObjectType.Node,
        PropertyObject.Group => ClusterObjectType.Group,
        PropertyObject.Resource => ClusterObjectType.Resource,
        PropertyObject.ResourceType => ClusterObjectType.ResourceType,
        PropertyObject.Network => ClusterObjectType.Network,
        PropertyObject.GroupSet => ClusterObjectType.GroupSet,
        _ => ClusterObjectType.NetworkInterface,
    };

    /// <summary>
    /// The common property list of an object: its read/write properties, or with <paramref name="readOnly"/> its
    /// read-only ones (GET_COMMON_PROPERTIES / GET_RO_COMMON_PROPERTIES), optionally only those named in
    /// <paramref name="only"/> (ApiCreateGroupEnum). Null when the object's key is gone.
    /// </summary>
    public byte[]? CommonPropertyList(PropertyObject o, string id, bool readOnly, IReadOnlyCollection<string>? only = null)
    {
        var defs = PropertyTables.For(o).Where(d => d.ReadOnly == readOnly
            && (only is null || only.Contains(d.Name, StringComparer.OrdinalIgnoreCase))).ToList();
        var key = _engine.Queries.GetObjectValues(ObjectType(o), id);
        if (key is null)
        {
            return null;
        }
        var list = new PropertyListWriter();
        foreach (var d in defs)
        {
            AddValue(list, d, d.Resolve?.Invoke(_engine, key) ?? ValueOf(key.Get(d.Source ?? d.Name), d));
        }
        return list.ToArray();
    }

    /// <summary>The property list of a group restricted to <paramref name="names"/> (ApiCreateGroupEnum).</summary>
    internal byte[] GroupPropertyList(string groupId, bool readOnly, IReadOnlyCollection<string> names) =>
        CommonPropertyList(PropertyObject.Group, groupId, readOnly, names) ?? new PropertyListWriter().ToArray();

    /// <summary>The private properties: every value of the object's Parameters subkey, typed by its REG_* type.</summary>
    public byte[]? PrivatePropertyList(PropertyObject o, string id)
    {
        var values = _engine.Queries.GetPrivateValues(ObjectType(o), id);
        if (values is null)
        {
            return null;
        }
        var list = new PropertyListWriter();
        foreach (var v in values)
        {
            var name = v.Name;
            if (name.Length == 0)
            {
                continue;
            }
            _ = v.Type switch
            {
                RegistryValueType.DWord => list.AddDword(name, v.AsDWord()),
                RegistryValueType.QWord => list.AddULargeInteger(name, v.AsQWord()),
                RegistryValueType.MultiString => list.AddMultiString(name, v.AsMultiString()),
                RegistryValueType.ExpandString => list.AddExpandString(name, v.AsString()),
                RegistryValueType.String => list.AddString(name, v.AsString()),
                _ => list.AddBinary(name, v.Data),
            };
        }
        return list.ToArray();
    }

    private static object ValueOf(StoredValue? v, PropertyDef d) => v is null ? d.Default : d.Format switch
    {
        ClusPropFormat.DWord or ClusPropFormat.Long => v.AsDWord(),
        ClusPropFormat.ULargeInteger => v.AsQWord(),
        ClusPropFormat.MultiSz => v.AsMultiString().ToArray(),
        ClusPropFormat.Binary => v.Data.ToArray(),
        _ => v.AsString(),
    };

    private static void AddValue(PropertyListWriter list, PropertyDef d, object value)
    {
        switch (d.Format)
        {
            case ClusPropFormat.DWord:
                list.AddDword(d.Name, Convert.ToUInt32(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case ClusPropFormat.Long:
                list.AddLong(d.Name, unchecked((int)Convert.ToUInt32(value, System.Globalization.CultureInfo.InvariantCulture)));
                break;
            case ClusPropFormat.ULargeInteger:
                list.AddULargeInteger(d.Name, Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case ClusPropFormat.MultiSz:
                list.AddMultiString(d.Name, (IEnumerable<string>)value);
                break;
            case ClusPropFormat.Binary:
                list.AddBinary(d.Name, (byte[])value);
                break;
            default:
                list.AddString(d.Name, (string)value);
                break;
        }
    }

    /// <summary>ENUM_COMMON_PROPERTIES: the names of every common property as a MULTI_SZ.</summary>
    private static byte[] CommonPropertyNames(PropertyObject o) => MultiSz(PropertyTables.For(o).Select(d => d.Name));

    private byte[]? PrivatePropertyNames(PropertyObject o, string id) =>
        _engine.Queries.GetPrivateValues(ObjectType(o), id) is { } values ? MultiSz(values.Select(v => v.Name).Where(n => n.Length > 0)) : null;

    private static byte[] MultiSz(IEnumerable<string> names)
    {
        var sb = new StringBuilder();
        foreach (var n in names)
        {
            sb.Append(n).Append('\0');
        }
        sb.Append('\0');
        return Encoding.Unicode.GetBytes(sb.ToString());
    }

    /// <summary>
    /// Validates a SET/VALIDATE_COMMON_PROPERTIES input against the object's table: every name known and writable
    /// and of the table's format (ERROR_INVALID_PARAMETER otherwise, MS-CMRP 3.1.4.3.1.13). "Name" is returned
    /// separately: renames go through the engine's rename command.
    /// </summary>
    private static Win32Error ParseCommon(PropertyObject o, ReadOnlySpan<byte> input, out List<StoredValue> values, out string? newName)
    {
        values = [];
        newName = null;
        var e = PropertyListReader.TryRead(input.ToArray(), out var list);
        if (e != Win32Error.Success)
        {
            return e;
        }
        var table = PropertyTables.For(o);
        foreach (var p in list)
        {
            var d = table.FirstOrDefault(x => string.Equals(x.Name, p.Name, StringComparison.OrdinalIgnoreCase));
            if (d is null || d.ReadOnly || d.Resolve is not null || p.Values.Count != 1)
            {
                return Win32Error.InvalidParameter;
            }
            e = ToStoredValue(d.Source ?? d.Name, p.Value, d.Format, out var value);
            if (e != Win32Error.Success)
            {
                return e;
            }
            if (d.Name == "Name")
            {
                newName = value.AsString();
                continue;
            }
            values.Add(value);
        }
        return Win32Error.Success;
    }

    /// <summary>Longest private property name: a name is part of a database key, which the store bounds.</summary>
    internal const int MaxPropertyNameChars = 1024;

    /// <summary>Largest property value: one database record, which the store bounds.</summary>
    internal const int MaxPropertyValueBytes = 512 * 1024;

    // The engine stores what this layer validated (the SetProperties command): a name or value the store cannot hold
    // must be refused here, by name. Fuzz findings: an unpaired surrogate or a very long name, or a value near 1 MiB,
    // reached the store's own checks and threw ArgumentException out of the call.
    private static bool IsStorableName(string name)
    {
        if (name.Length > MaxPropertyNameChars)
        {
            return false;
        }

        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(name[i]))
            {
                return false; // not well-formed UTF-16: the store keeps keys as UTF-8
            }
        }

        return true;
    }

    /// <summary>SET/VALIDATE_PRIVATE_PROPERTIES: any names; each value stored as the REG_* type of its format.</summary>
    private static Win32Error ParsePrivate(ReadOnlySpan<byte> input, out List<StoredValue> values)
    {
        values = [];
        var e = PropertyListReader.TryRead(input.ToArray(), out var list);
        if (e != Win32Error.Success)
        {
            return e;
        }
        foreach (var p in list)
        {
            if (p.Values.Count != 1 || !IsStorableName(p.Name))
            {
                return Win32Error.InvalidParameter;
            }
            e = ToStoredValue(p.Name, p.Value, p.Value.Format, out var value);
            if (e != Win32Error.Success)
            {
                return e;
            }
            values.Add(value);
        }
        return Win32Error.Success;
    }

    private static Win32Error ToStoredValue(string name, ClusPropValue v, ClusPropFormat expected, out StoredValue value)
    {
        value = StoredValue.DWord(name, 0);
        if (v.Data.Length > MaxPropertyValueBytes)
        {
            return Win32Error.InvalidParameter;
        }
        if (v.Format != expected && !(expected == ClusPropFormat.Sz && v.Format == ClusPropFormat.ExpandSz))
        {
            return Win32Error.InvalidParameter;
        }
        Win32Error e;
        switch (expected)
        {
            case ClusPropFormat.DWord:
                e = v.TryGetDword(out var dw);
                value = StoredValue.DWord(name, dw);
                return e;
            case ClusPropFormat.Long:
                e = v.TryGetLong(out var l);
                value = StoredValue.DWord(name, unchecked((uint)l));
                return e;
            case ClusPropFormat.ULargeInteger:
                e = v.TryGetULargeInteger(out var q);
                value = StoredValue.QWord(name, q);
                return e;
            case ClusPropFormat.MultiSz:
                e = v.TryGetMultiString(out var m);
                value = StoredValue.MultiString(name, m);
                return e;
            case ClusPropFormat.Sz:
            case ClusPropFormat.ExpandSz:
                e = v.TryGetString(out var s);
                value = v.Format == ClusPropFormat.ExpandSz ? StoredValue.ExpandString(name, s) : StoredValue.String(name, s);
                return e;
            case ClusPropFormat.Binary:
                e = v.TryGetBinary(out var b);
                value = StoredValue.Binary(name, b.Span);
                return e;
            default:
                return Win32Error.InvalidParameter;
        }
    }
}
