using System.Buffers.Binary;

namespace Clusterd.ClusApi.Tests;

/// <summary>The value list of CLUSTER_SHARED_VOLUME_STATE_INFO_EX (CSV notification payload, GET_SHARED_VOLUME_STATES).</summary>
public sealed class SharedVolumeStateInfoExListTests
{
    private static SharedVolumeStateInfoEx State(string node) =>
        new(@"\\?\Volume{3f0c9a77-1111-4c1d-9e2f-0a0b0c0d0e01}\", node, SharedVolumeState.ActiveRedirected, "Volume1",
            RedirectedIOReason.UserRequest, BlockRedirectedIOReason.NoDiskConnectivity);

    [Fact]
    public void Two_entries_are_binary_values_of_1584_bytes_then_the_end_mark()
    {
        var bytes = SharedVolumeStateInfoExList.ToArray([State("node1"), State("node2")]);
        Assert.Equal((2 * (8 + 1584)) + 4, bytes.Length);
        Assert.Equal(0x00010001u, BinaryPrimitives.ReadUInt32LittleEndian(bytes)); // CLUSPROP_SYNTAX_LIST_VALUE_BINARY
        Assert.Equal(1584u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(0x00010001u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8 + 1584)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)));
        Assert.Equal(Win32Error.Success, SharedVolumeStateInfoExList.TryRead(bytes, out var read));
        Assert.Equal([State("node1"), State("node2")], read);
    }

    [Fact]
    public void Empty_list_is_the_end_mark_alone()
    {
        Assert.Equal(new byte[4], SharedVolumeStateInfoExList.ToArray([]));
        Assert.Equal(Win32Error.Success, SharedVolumeStateInfoExList.TryRead(new byte[4], out var read));
        Assert.Empty(read);
    }

    [Fact]
    public void Entries_in_the_packed_1580_byte_layout_are_accepted()
    {
        var full = State("node3").ToArray();
        var packed = new byte[1580];
        full.AsSpan(0, 1564).CopyTo(packed);
        full.AsSpan(1568, 16).CopyTo(packed.AsSpan(1564));
        var list = new ValueListWriter().Add(ClusPropSyntax.ListValueBinary, packed).ToArray();
        Assert.Equal(Win32Error.Success, SharedVolumeStateInfoExList.TryRead(list, out var read));
        Assert.Equal(State("node3"), Assert.Single(read));
    }

    [Fact]
    public void Malformed_lists_return_ERROR_INVALID_PARAMETER()
    {
        var good = SharedVolumeStateInfoExList.ToArray([State("node1")]);
        Assert.Equal(Win32Error.InvalidParameter, SharedVolumeStateInfoExList.TryRead(good.AsSpan(0, good.Length - 4), out _)); // no end mark
        Assert.Equal(Win32Error.InvalidParameter, SharedVolumeStateInfoExList.TryRead(good.AsSpan(0, 100), out _)); // truncated entry
        var wrongSyntax = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(wrongSyntax, (uint)ClusPropSyntax.ListValueDWord);
        Assert.Equal(Win32Error.InvalidParameter, SharedVolumeStateInfoExList.TryRead(wrongSyntax, out _));
        var wrongSize = new ValueListWriter().Add(ClusPropSyntax.ListValueBinary, new byte[1044]).ToArray();
        Assert.Equal(Win32Error.InvalidParameter, SharedVolumeStateInfoExList.TryRead(wrongSize, out _));
        var badState = (byte[])good.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(badState.AsSpan(8 + 1040), 99); // VolumeState out of range
        Assert.Equal(Win32Error.InvalidParameter, SharedVolumeStateInfoExList.TryRead(badState, out var none));
        Assert.Empty(none);
    }
}
