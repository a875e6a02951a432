using System.Text;
using Google.Protobuf;

namespace Clusterd.Store.Etcd;

/// <summary>
/// Where a cluster lives in etcd, under one prefix (default "/clusterd/"; docs/multi-node.md, "Keys in etcd"):
/// <list type="bullet">
/// <item><c>{prefix}n/{key}</c>: nonvolatile records; <c>{prefix}v/{key}</c>: volatile records (store keys UTF-8).</item>
/// <item><c>{prefix}seq</c>: written by every batch; its mod revision is the revision of the last batch, its value
/// the count of batches (<see cref="IClusterStore.Revision"/>, 8 bytes little-endian).</item>
/// <item><c>{prefix}events</c>: the encoded events of the last batch, written in the same transaction.</item>
/// <item><c>{prefix}members/{node}</c>: a live node's member key, under its lease.</item>
/// <item><c>{prefix}leader/{lease id, hex}</c>: election candidates under their leases; the one created first leads.</item>
/// </list>
/// </summary>
public sealed class EtcdLayout
{
    /// <summary>The default prefix.</summary>
    public const string DefaultPrefix = "/clusterd/";

    /// <summary>A layout under <paramref name="prefix"/>, which must end with '/'.</summary>
    public EtcdLayout(string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0 || prefix[^1] != '/')
        {
            throw new ArgumentException("the etcd prefix must end with '/'", nameof(prefix));
        }
        Prefix = prefix;
    }

    /// <summary>The prefix of everything of this cluster.</summary>
    public string Prefix { get; }

    /// <summary>The prefix of nonvolatile records.</summary>
    public string Nonvolatile => Prefix + "n/";

    /// <summary>The prefix of volatile records.</summary>
    public string Volatile => Prefix + "v/";

    /// <summary>The batch sequence key.</summary>
    public string Sequence => Prefix + "seq";

    /// <summary>The last batch's events.</summary>
    public string Events => Prefix + "events";

    /// <summary>The prefix of member keys.</summary>
    public string Members => Prefix + "members/";

    /// <summary>The prefix of election keys.</summary>
    public string Leader => Prefix + "leader/";

    /// <summary>The etcd key of a store record.</summary>
    public ByteString KeyOf(string storeKey, Durability durability) =>
        ByteString.CopyFromUtf8((durability == Durability.Volatile ? Volatile : Nonvolatile) + storeKey);

    /// <summary>UTF-8 bytes of an etcd key.</summary>
    public static ByteString Key(string key) => ByteString.CopyFromUtf8(key);

    /// <summary>The range end that makes a range request cover every key starting with <paramref name="prefix"/>.</summary>
    public static ByteString RangeEnd(string prefix)
    {
        var b = Encoding.UTF8.GetBytes(prefix);
        for (var i = b.Length - 1; i >= 0; i--)
        {
            if (b[i] < 0xFF)
            {
                b[i]++;
                return ByteString.CopyFrom(b, 0, i + 1);
            }
        }
        return ByteString.CopyFrom(0); // every key
    }
}
