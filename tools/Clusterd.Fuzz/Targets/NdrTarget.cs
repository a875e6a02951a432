using System.Text;
using Clusterd.ClusApi.Service;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Notifications;
using Clusterd.Rpc;
using Clusterd.Rpc.Ndr;

namespace Clusterd.Fuzz.Targets;

/// <summary>
/// The NDR 2.0 reader: every input is decoded by each of a fixed set of programs, in a fresh reader each, that use the
/// primitives the way the ClusAPI decoders do (context handles, [string] wchar_t*, [unique] pointers, conformant and
/// conformant-varying arrays, deferred pointees, full pointers, the notification structures). Contract: a malformed stub
/// throws <see cref="NdrException"/> (the server answers a fault); nothing else escapes.
/// </summary>
internal sealed class NdrTarget : FuzzTarget
{
    private static readonly Action<NdrReader>[] s_programs =
    [
        // 0: ApiOpenXEx: Sin name, u32 desired.
        static r =>
        {
            _ = r.ReadConformantVaryingString();
            _ = r.ReadUInt32();
        },

        // 1: ApiXxxControl: handle, code, [unique, size_is] in buffer, nIn, nOut.
        static r =>
        {
            _ = r.ReadContextHandle();
            _ = r.ReadUInt32();
            if (r.ReadReferentId() != 0)
            {
                _ = r.ReadConformantByteArray();
            }

            _ = r.ReadUInt32();
            _ = r.ReadUInt32();
        },

        // 2: ENUM_LIST as a client reads it from a server's answer (the contract's EL reader).
        static r => _ = Clusterd.ClusApi.Contract.ClusApiNdr.ReadEnumList(r),

        // 3: [unique, string] strings and full pointers that may alias.
        static r =>
        {
            _ = r.ReadUniqueString();
            for (int i = 0; i < 8 && r.Remaining >= 4; i++)
            {
                if (r.ReadFullPointer(out _))
                {
                    _ = r.ReadConformantVaryingAnsiString();
                }
            }
        },

        // 4: every scalar, the varying forms and the raw bytes.
        static r =>
        {
            _ = r.ReadByte();
            _ = r.ReadBoolean8();
            _ = r.ReadEnum16();
            _ = r.ReadInt16();
            _ = r.ReadInt32();
            _ = r.ReadUInt64();
            _ = r.ReadNtTime();
            _ = r.ReadGuid();
            _ = r.ReadVaryingAnsiString(16);
            _ = r.ReadConformantVaryingByteArray();
            _ = r.ReadBytes(r.Remaining);
        },

        // 5: a conformant array of structures with an embedded [ref] pointer and nested deferred pointees.
        static r =>
        {
            _ = r.ReadConformantArray(static e =>
            {
                _ = e.ReadUInt32();
                e.ReadRefPointerId();
                e.Defer(static d =>
                {
                    _ = d.ReadConformantVaryingString();
                    if (d.ReadReferentId() != 0)
                    {
                        d.Defer(static dd => _ = dd.ReadConformantByteArray());
                    }
                });
                return 0;
            }, 8);
            r.FlushDeferred();
        },

        // 6-9: the notification decoders (server side: AddNotifyV2/GetNotifyV2 requests; client side: the responses).
        static r => _ = AddNotifyV2Request.Read(r),
        static r => _ = GetNotifyV2Response.Read(r),
        static r => _ = CreateNotifyV2Response.Read(r),
        static r => _ = GetNotifyV2Request.Read(r),

        // 10: every typed method of the contract (Clusterd.ClusApi.Contract), on the same bytes: its request decoder
        // (the server's side) and its response decoder (a client's side, facing a hostile or broken server).
        static r =>
        {
            var stub = r.ReadBytes(r.Remaining);
            foreach (var method in ClusApiService.TypedMethods)
            {
                Decode(() => method.DecodeRequest(new NdrReader(stub)));
                Decode(() => method.DecodeResponse(new NdrReader(stub)));
            }
        },
    ];

    private static void Decode(Func<object> decode)
    {
        try
        {
            _ = decode();
        }
        catch (NdrException)
        {
            // The documented rejection; the next decoder still runs.
        }
    }

    public override string Name => "ndr";

    public override string Description => "NdrReader primitives, strings, conformant/varying arrays, unique/full/ref pointers, notification structures";

    public override bool IsDocumentedRejection(Exception exception) => exception is NdrException;

    public override string Execute(byte[] input)
    {
        var outcome = new StringBuilder(s_programs.Length * 2);
        foreach (var program in s_programs)
        {
            outcome.Append(Run(program, new NdrReader(input)));
        }

        // A tight element limit, as a server may configure it.
        outcome.Append(Run(s_programs[2], new NdrReader(input, maxElements: 16)));
        return outcome.ToString();
    }

    // Each program's rejection is checked here so one rejection does not hide the programs after it; the contract is
    // the same as the runner's: NdrException is the documented answer, anything else propagates as a finding.
    private static char Run(Action<NdrReader> program, NdrReader reader)
    {
        try
        {
            program(reader);
            return reader.Remaining == 0 ? 'E' : 'T';
        }
        catch (NdrException ex)
        {
            return ex.Status == Rpc.Pdu.RpcStatus.BadStubData ? 'x' : 'b';
        }
    }

    /// <summary>Every 4-aligned u32 may be a conformance, variance, offset or referent id.</summary>
    public override void LocateFields(ReadOnlySpan<byte> input, List<FuzzField> fields)
    {
        for (int at = 0; at + 4 <= input.Length && fields.Count < 64; at += 4)
        {
            fields.Add(new FuzzField(at, 4));
        }
    }

    public override IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        yield return ("open-ex", Build(w =>
        {
            w.WriteConformantVaryingString("Cluster Disk 1");
            w.WriteUInt32(0x02000000);
        }));
        yield return ("control", Build(w =>
        {
            w.WriteContextHandle(new NdrContextHandle(0, new Guid("11111111-2222-3333-4444-555555555555")));
            w.WriteUInt32(0x01000045);
            w.WriteReferentId(true);
            w.WriteConformantByteArray(new PropertyListWriter().AddDword("Flag", 1).ToArray());
            w.WriteUInt32(28);
            w.WriteUInt32(512);
        }));
        yield return ("enum-list", Build(w =>
        {
            w.WriteReferentId(true);
            w.WriteConformance(2);
            w.WriteUInt32(2);
            w.WriteUInt32(1);
            w.WriteEmbeddedPointer("node1", static (x, s) => x.WriteConformantVaryingString(s));
            w.WriteUInt32(1);
            w.WriteEmbeddedPointer("node2", static (x, s) => x.WriteConformantVaryingString(s));
            w.FlushDeferred();
        }));
        yield return ("unique-string-full-pointers", Build(w =>
        {
            w.WriteUniqueString("volume");
            w.WriteUInt32(0x20000);
            w.WriteConformantVaryingAnsiString("abc", 8);
            w.WriteUInt32(0x20000);
            w.WriteUInt32(0);
        }));
        yield return ("scalars", Build(w =>
        {
            w.WriteByte(1);
            w.WriteBoolean8(true);
            w.WriteEnum16(3);
            w.WriteInt16(-2);
            w.WriteInt32(-3);
            w.WriteUInt64(ulong.MaxValue);
            w.WriteNtTime(0x01DC_0000_0000_0000);
            w.WriteGuid(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"));
            w.WriteVaryingAnsiString("ansi");
            w.WriteConformantVaryingByteArray(8, [1, 2, 3]);
            w.WriteBytes([9, 9, 9]);
        }));
        yield return ("array-deferred", Build(w =>
        {
            w.WriteConformance(2);
            for (int i = 0; i < 2; i++)
            {
                w.WriteUInt32((uint)i);
                w.WriteUInt32(0x20000 + (uint)(i * 4));
            }

            for (int i = 0; i < 2; i++)
            {
                w.WriteConformantVaryingString("item" + i);
                w.WriteUInt32(0x30000);
                w.WriteConformantByteArray([1, 2, 3, 4]);
            }
        }));
        var notify = new NdrContextHandle(0, new Guid("aaaaaaaa-0000-0000-0000-000000000001"));
        var target = new NdrContextHandle(0, new Guid("aaaaaaaa-0000-0000-0000-000000000002"));
        yield return ("add-notify-v2-request", Build(w =>
            new AddNotifyV2Request(new NotifyHandle(notify), target, new NotifyFilterAndType(1, 0x7), 42, 2, true).Write(w)));
        var data = new NotificationDataRpc(new NotifyFilterAndType(4, 0x8), new byte[] { 1, 0, 0, 0 }, "9a1e1f00", "0c5d2a31", "Cluster Disk 1", "Physical Disk");
        yield return ("get-notify-v2-response", Build(w =>
            new GetNotifyV2Response(Win32Error.Success, [new NotificationRpc(42, data), new NotificationRpc(43, data with { Buffer = default, Type = null })]).Write(w)));
        yield return ("create-notify-v2-response", Build(w => new CreateNotifyV2Response(Win32Error.Success, new NotifyHandle(notify)).Write(w)));
        yield return ("get-notify-v2-request", Build(w =>
        {
            new GetNotifyV2Request(new NotifyHandle(notify)).Write(w);
        }));
    }

    private static byte[] Build(Action<NdrWriter> write)
    {
        var w = new NdrWriter();
        write(w);
        return w.ToArray();
    }
}
