using System.Buffers.Binary;
using System.Text;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract.Tests;

/// <summary>
/// Golden NDR32 bytes of the notification methods: opnums 137-139 (MS-CMRP 6.2 IDL, 3.1.4.2.136-138, 2.2.3.22-24),
/// assembled by hand below, and ApiCloseNotify (3.1.4.2.57), ApiUnblockGetNotifyCall (3.1.4.2.107).
/// </summary>
public sealed class NotifyMethodsTests
{
    private const string DiskId = "9a1e1f00-0000-4000-8000-000000000011";

    /// <summary>Hand assembly: little-endian fields, explicit pads; independent of NdrWriter.</summary>
    private sealed class Bytes
    {
        private readonly List<byte> _b = [];
        public int Length => _b.Count;
        public Bytes U32(uint v) { Span<byte> s = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(s, v); _b.AddRange(s.ToArray()); return this; }
        public Bytes U64(ulong v) { Span<byte> s = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(s, v); _b.AddRange(s.ToArray()); return this; }
        public Bytes Raw(ReadOnlySpan<byte> v) { _b.AddRange(v.ToArray()); return this; }
        public Bytes Zeros(int n) { _b.AddRange(new byte[n]); return this; }
        public Bytes Pad4() => Zeros((4 - (_b.Count & 3)) & 3);
        // [string] wchar_t*: max, offset 0, actual (chars incl. NUL), UTF-16LE + NUL, then pad to 4 for what follows.
        public Bytes WStr(string s) => U32((uint)s.Length + 1).U32(0).U32((uint)s.Length + 1).Raw(Encoding.Unicode.GetBytes(s + "\0")).Pad4();
        public byte[] ToArray() => [.. _b];
    }

    /// <summary>A value list with one CLUSTER_SHARED_VOLUME_STATE_INFO_EX (1584-byte C layout, docs/behaviour.md, "STATE_INFO_EX size").</summary>
    private static byte[] CsvPayload()
    {
        var info = new byte[1584];
        Encoding.Unicode.GetBytes(@"\\?\Volume{3f0c9a77-1111-4c1d-9e2f-0a0b0c0d0e01}\").CopyTo(info, 0);
        Encoding.Unicode.GetBytes("node1").CopyTo(info, 520);
        BinaryPrimitives.WriteUInt32LittleEndian(info.AsSpan(1040), 3); // ActiveRedirected
        Encoding.Unicode.GetBytes("Volume1").CopyTo(info, 1044);
        BinaryPrimitives.WriteUInt64LittleEndian(info.AsSpan(1568), 1); // RedirectedIOReason UserRequest
        return new Bytes().U32(0x00010001).U32(1584).Raw(info).U32(0).ToArray();
    }

    private static NotificationRpc CsvNotification(uint key, byte[] payload) =>
        new(key, new NotificationDataRpc(new NotifyFilterAndType(0xA, 1), payload, DiskId, null, "Cluster Disk 1", null));

    /// <summary>Encodes the response and checks that decoding and encoding again gives the same bytes.</summary>
    private static byte[] Encode(GetNotifyV2Response response)
    {
        var bytes = ClusApiCodec.Encode(response);
        Assert.Equal(bytes, ClusApiCodec.Encode(ClusApiCodec.Decode<GetNotifyV2Response>(bytes)));
        return bytes;
    }

    [Fact]
    public void GetNotifyV2_response_with_one_CSV_notification_is_byte_exact()
    {
        var payload = CsvPayload();
        Assert.Equal(1596, payload.Length);
        var expected = new Bytes()
            .U32(0x00020000)            // unique pointer to the array
            .U32(1)                     // max_count
            .U32(0x11223344).Zeros(4)   // dwNotifyKey (DWORD_PTR = 4 bytes in NDR32), pad to 8
            .U32(0xA).Zeros(4)          // dwObjectType CLUSTER_OBJECT_TYPE_SHARED_VOLUME, pad to 8
            .U64(1)                     // FilterFlags CLUSTER_CHANGE_SHARED_VOLUME_STATE_V2
            .U32(0x00020004)            // buffer
            .U32(1596)                  // dwBufferSize
            .U32(0x00020008)            // ObjectId
            .U32(0)                     // ParentId NULL
            .U32(0x0002000C)            // Name
            .U32(0)                     // Type NULL
            .U32(1596).Raw(payload)     // buffer pointee: conformant byte array
            .WStr(DiskId)
            .WStr("Cluster Disk 1")
            .U32(1)                     // dwNumNotifications
            .U32(0)                     // ERROR_SUCCESS
            .ToArray();
        Assert.Equal(expected, Encode(new GetNotifyV2Response(Win32Error.Success, [CsvNotification(0x11223344, payload)])));
    }

    [Fact]
    public void GetNotifyV2_response_with_two_notifications_puts_all_pointees_after_the_array_in_element_order()
    {
        var first = new NotificationRpc(7, new NotificationDataRpc(new NotifyFilterAndType(3, 4), new byte[] { 2, 0, 0, 0 }, "r1", "g1", "Res", "Physical Disk"));
        var second = new NotificationRpc(8, new NotificationDataRpc(new NotifyFilterAndType(7, 0x10), new byte[] { 1, 0, 0, 0, 9 }, "1", "", "node1", ""));
        var expected = new Bytes()
            .U32(0x00020000).U32(2)
            // element 0 @8
            .U32(7).Zeros(4).U32(3).Zeros(4).U64(4)
            .U32(0x00020004).U32(4).U32(0x00020008).U32(0x0002000C).U32(0x00020010).U32(0x00020014)
            // element 1 @56
            .U32(8).Zeros(4).U32(7).Zeros(4).U64(0x10)
            .U32(0x00020018).U32(5).U32(0x0002001C).U32(0x00020020).U32(0x00020024).U32(0x00020028)
            // pointees of element 0
            .U32(4).Raw([2, 0, 0, 0])
            .WStr("r1").WStr("g1").WStr("Res").WStr("Physical Disk")
            // pointees of element 1: 5 bytes then pad before the next string
            .U32(5).Raw([1, 0, 0, 0, 9]).Pad4()
            .WStr("1").WStr("").WStr("node1").WStr("")
            .U32(2).U32(0)
            .ToArray();
        Assert.Equal(expected, Encode(new GetNotifyV2Response(Win32Error.Success, [first, second])));
    }

    [Fact]
    public void NULL_strings_and_an_empty_buffer_are_NULL_pointers_and_the_empty_string_is_1_0_1_0000()
    {
        var n = new NotificationRpc(1, new NotificationDataRpc(new NotifyFilterAndType(1, 0x200), default, null, null, "", null));
        var expected = new Bytes()
            .U32(0x00020000).U32(1)
            .U32(1).Zeros(4).U32(1).Zeros(4).U64(0x200)
            .U32(0).U32(0)                          // buffer NULL, dwBufferSize 0
            .U32(0).U32(0).U32(0x00020004).U32(0)   // only Name is non-NULL
            .U32(1).U32(0).U32(1).Raw([0, 0]).Pad4() // empty string
            .U32(1).U32(0)
            .ToArray();
        Assert.Equal(expected, Encode(new GetNotifyV2Response(Win32Error.Success, [n])));
    }

    [Fact]
    public void GetNotifyV2_failure_is_a_NULL_array_a_zero_count_and_the_error()
    {
        var expected = new Bytes().U32(0).U32(0).U32(0x103).ToArray();
        Assert.Equal(expected, Encode(new GetNotifyV2Response(Win32Error.NoMoreItems, [CsvNotification(1, [1])])));
    }

    [Fact]
    public void GetNotifyV2_response_round_trips_through_the_reader()
    {
        var first = CsvNotification(5, CsvPayload());
        var second = new NotificationRpc(6, new NotificationDataRpc(new NotifyFilterAndType(3, 4), new byte[] { 2, 0, 0, 0 }, "r1", "", "Res", "Physical Disk"));
        var read = ClusApiCodec.Decode<GetNotifyV2Response>(Encode(new GetNotifyV2Response(Win32Error.Success, [first, second])));
        Assert.Equal(Win32Error.Success, read.Result);
        Assert.Equal(2, read.Notifications.Count);
        var a = read.Notifications[0];
        Assert.Equal(5u, a.NotifyKey);
        Assert.Equal(new NotifyFilterAndType(0xA, 1), a.Data.FilterAndType);
        Assert.Equal(CsvPayload(), a.Data.Buffer.ToArray());
        Assert.Equal((DiskId, (string?)null, "Cluster Disk 1", (string?)null), (a.Data.ObjectId, a.Data.ParentId, a.Data.Name, a.Data.Type));
        var b = read.Notifications[1];
        Assert.Equal(("r1", "", "Res", "Physical Disk"), (b.Data.ObjectId, b.Data.ParentId, b.Data.Name, b.Data.Type));
    }

    [Fact]
    public void GetNotifyV2_reader_rejects_a_count_that_disagrees_with_the_array()
    {
        var bytes = Encode(new GetNotifyV2Response(Win32Error.Success, [CsvNotification(1, [1, 2, 3, 4])]));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 8), 2);
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<GetNotifyV2Response>(bytes));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<GetNotifyV2Response>(bytes.AsMemory(0, 40)));
    }

    [Fact]
    public void GetNotifyV2_reader_refuses_an_array_count_larger_than_the_stub_before_allocating()
    {
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<GetNotifyV2Response>(new Bytes().U32(0x00020000).U32(0x00400000).U32(0).ToArray()));
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<GetNotifyV2Response>(new Bytes().U32(0x00020000).U32(0xFFFFFFFF).ToArray()));
    }

    [Fact]
    public void GetNotifyV2_reader_refuses_a_dwBufferSize_that_disagrees_with_the_buffer()
    {
        var bytes = Encode(new GetNotifyV2Response(Win32Error.Success, [CsvNotification(1, [1, 2, 3, 4])]));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(36), 3); // dwBufferSize of element 0 (element @8, dwBufferSize @28)
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<GetNotifyV2Response>(bytes));
    }

    [Fact]
    public void AddNotifyV2_request_is_68_bytes_with_the_filter_8_aligned_at_40()
    {
        var notify = new Guid("00000001-0000-0000-0000-000000000001");
        var obj = new Guid("00000002-0000-0000-0000-000000000002");
        var bytes = new Bytes()
            .U32(0).Raw(notify.ToByteArray())
            .U32(0).Raw(obj.ToByteArray())
            .U32(0xA).Zeros(4).U64(7)   // filter @40, FilterFlags @48
            .U32(0xCAFE)                // dwNotifyKey @56
            .U32(2)                     // dwVersion @60
            .U32(1)                     // isTargetedAtObject @64
            .ToArray();
        Assert.Equal(68, bytes.Length);
        var r = Golden.Check(new AddNotifyV2Request(new NotifyHandle(new NdrContextHandle(0, notify)), new NdrContextHandle(0, obj), new NotifyFilterAndType(0xA, 7), 0xCAFE, 2, true),
            Convert.ToHexString(bytes));
        Assert.Equal(new AddNotifyV2Request(new NotifyHandle(new NdrContextHandle(0, notify)), new NdrContextHandle(0, obj), new NotifyFilterAndType(0xA, 7), 0xCAFE, 2, true), r);
        Assert.Throws<NdrException>(() => ClusApiCodec.Decode<AddNotifyV2Request>(bytes.AsMemory(0, 60)));
    }

    [Fact]
    public void AddNotifyV2_response_is_rpc_status_then_the_result() =>
        Golden.Check(new ResultResponse(Win32Error.InvalidParameter), "00000000 57000000");

    [Fact]
    public void CreateNotifyV2_has_an_empty_request_and_answers_rpc_error_rpc_status_handle()
    {
        Assert.Empty(ClusApiCodec.Encode(default(CreateNotifyV2Request)));
        Assert.Equal(default, ClusApiCodec.Decode<CreateNotifyV2Request>(Array.Empty<byte>()));
        var h = new NotifyHandle(new NdrContextHandle(0, new Guid("0a0b0c0d-0000-0000-0000-000000000009")));
        var r = Golden.Check(new CreateNotifyV2Response(Win32Error.Success, h), Convert.ToHexString(new Bytes().U32(0).U32(0).U32(0).Raw(h.Value.Uuid.ToByteArray()).ToArray()));
        Assert.Equal(new CreateNotifyV2Response(Win32Error.Success, h), r);
    }

    [Fact]
    public void CreateNotifyV2_failure_answers_a_NULL_handle_whatever_the_handle_given()
    {
        var h = new NotifyHandle(new NdrContextHandle(0, new Guid("0a0b0c0d-0000-0000-0000-000000000009")));
        var failed = ClusApiCodec.Encode(new CreateNotifyV2Response(Win32Error.NotEnoughMemory, h));
        Assert.Equal(new Bytes().U32(8).U32(0).Zeros(20).ToArray(), failed);
        Golden.Check(new CreateNotifyV2Response(Win32Error.NotEnoughMemory, NotifyHandle.Null), "08000000 00000000" + "00000000" + new string('0', 32));
    }

    [Fact]
    public void GetNotifyV2_request_is_the_handle() =>
        Assert.Equal(Golden.H1, Golden.Check(new GetNotifyV2Request(new NotifyHandle(Golden.H1)), Golden.H1Hex).Notify.Value);

    [Fact]
    public void ApiUnblockGetNotifyCall_sends_the_handle_and_answers_the_result_alone()
    {
        Golden.Check(new UnblockGetNotifyCallRequest(new NotifyHandle(Golden.H1)), Golden.H1Hex);
        Golden.Check(new UnblockGetNotifyCallResponse(Win32Error.Success), "00000000");
        Golden.Check(new UnblockGetNotifyCallResponse(Win32Error.InvalidHandle), "06000000");
    }

    [Fact]
    public void ApiCloseNotify_answers_the_handle_then_the_result_without_rpc_status()
    {
        Golden.Check(new CloseNotifyRequest(new NotifyHandle(Golden.H2)), Golden.H2Hex);
        Golden.Check(new CloseResponse<NotifyHandle>(NotifyHandle.Null, Win32Error.Success), "00000000" + new string('0', 32) + "00000000");
        Golden.Check(new CloseResponse<NotifyHandle>(new NotifyHandle(Golden.H2), Win32Error.InvalidHandle), Golden.H2Hex + "06000000");
    }

    [Fact]
    public void Each_notification_request_carries_its_IDL_opnum()
    {
        Assert.Equal(56, (int)CloseNotifyRequest.Opnum);
        Assert.Equal(107, (int)UnblockGetNotifyCallRequest.Opnum);
        Assert.Equal(137, (int)CreateNotifyV2Request.Opnum);
        Assert.Equal(138, (int)AddNotifyV2Request.Opnum);
        Assert.Equal(139, (int)GetNotifyV2Request.Opnum);
    }
}
