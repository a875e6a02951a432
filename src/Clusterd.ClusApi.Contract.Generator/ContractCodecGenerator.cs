using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Clusterd.ClusApi.Contract.Generator;

/// <summary>
/// Writes the NDR codec of the simple MS-CMRP messages of Clusterd.ClusApi.Contract. A <c>partial record struct</c>
/// that implements <c>IClusApiRequest&lt;TSelf, TResponse&gt;</c> or <c>IClusApiMessage&lt;TSelf&gt;</c> and does not
/// declare <c>Opnum</c>, <c>Write</c> or <c>Read</c> gets them, from its primary constructor parameters in declaration
/// order (the IDL order), with one rule of the MS-CMRP IDL: a last parameter <c>uint RpcStatus</c> (the rpc_status
/// out-parameter, declared last so it can default to 0) goes on the wire just before the parameter declared before it,
/// the function result. The opnum of <c>FooRequest</c> is <c>ClusApiOpnum.ApiFoo</c> unless <c>[Opnum(...)]</c> names
/// it. The encodings (ClusApiNdr, C706 chapter 14): a typed handle (IClusApiHandle) and NdrContextHandle, 20 bytes;
/// <c>string</c>, a top-level [in, string] (Sin); <c>string?</c>, a unique [string] pointer (Sout); byte, ushort,
/// short, uint, int, ulong; <c>bool</c>, a BOOL (u32 1/0, non-zero reads as true); Win32Error; an enum, as its
/// underlying type; DateTimeOffset, a FILETIME; <c>IReadOnlyList&lt;EnumEntry&gt;?</c>, an ENUM_LIST pointer (EL);
/// <c>ReadOnlyMemory&lt;byte&gt;</c>, a conformant byte array; a struct with its own <c>Write(NdrWriter)</c> and
/// <c>static Read(NdrReader)</c>, in place, and as <c>T?</c> behind a unique pointer. A parameter of any other type is
/// an error (CLUSGEN001): such a message stays hand-written (not partial).
/// A <c>partial record struct</c> that is an <c>IClusApiHandle</c> of itself gets its <c>Null</c>, <c>IsNull</c> and
/// <c>FromValue</c>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ContractCodecGenerator : IIncrementalGenerator
{
    private const string Ns = "Clusterd.ClusApi.Contract";
    private const string Global = "global::" + Ns + ".";

    private static readonly DiagnosticDescriptor s_unsupported = new(
        "CLUSGEN001",
        "Parameter type the contract generator cannot encode",
        "{0}.{1}: the contract generator cannot encode a parameter of type '{2}'; write {0}'s Write and Read by hand (not partial) or use a supported type",
        "Clusterd.ClusApi.Contract.Generator",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor s_noOpnum = new(
        "CLUSGEN002",
        "No opnum for a generated request",
        "{0}: ClusApiOpnum has no member '{1}'; name the method with [Opnum(ClusApiOpnum.ApiX)] or declare Opnum",
        "Clusterd.ClusApi.Contract.Generator",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var models = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is RecordDeclarationSyntax r
                    && r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword)
                    && r.Modifiers.Any(SyntaxKind.PartialKeyword)
                    && r.BaseList is not null,
                static (ctx, ct) => Analyze(ctx, ct))
            .Where(static m => m is not null);
        context.RegisterSourceOutput(models, static (spc, m) => Emit(spc, m!));
    }

    private static MessageModel? Analyze(GeneratorSyntaxContext ctx, CancellationToken ct)
    {
        var decl = (RecordDeclarationSyntax)ctx.Node;
        if (ctx.SemanticModel.GetDeclaredSymbol(decl, ct) is not INamedTypeSymbol type)
        {
            return null;
        }
        // Only the declaration with the parameter list (or the first one) produces the members.
        if (decl.ParameterList is null && type.DeclaringSyntaxReferences.Length > 1 && type.DeclaringSyntaxReferences[0].GetSyntax(ct) != decl)
        {
            return null;
        }
        var isRequest = false;
        var isMessage = false;
        var isHandle = false;
        foreach (var i in type.AllInterfaces)
        {
            if (i.ContainingNamespace?.ToDisplayString() != Ns || i.TypeArguments.Length == 0
                || !SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], type))
            {
                continue;
            }
            isRequest |= i.Name == "IClusApiRequest" && i.TypeArguments.Length == 2;
            isMessage |= i.Name == "IClusApiMessage" && i.TypeArguments.Length == 1;
            isHandle |= i.Name == "IClusApiHandle" && i.TypeArguments.Length == 1;
        }
        if (isHandle && !isMessage)
        {
            return HandleModel(type);
        }
        if (!isMessage)
        {
            return null;
        }
        var needsWrite = type.GetMembers("Write").IsEmpty;
        var needsRead = type.GetMembers("Read").IsEmpty;
        var needsOpnum = isRequest && type.GetMembers("Opnum").IsEmpty;
        if (!needsWrite && !needsRead && !needsOpnum)
        {
            return null;
        }

        var diagnostics = new List<DiagnosticModel>();
        var location = LocationModel.From(decl.Identifier.GetLocation());
        string? opnum = null;
        if (needsOpnum)
        {
            opnum = OpnumOf(type, ctx.SemanticModel.Compilation, out var wanted);
            if (opnum is null)
            {
                diagnostics.Add(new DiagnosticModel(s_noOpnum.Id, location, new EquatableArray<string>([type.Name, wanted])));
            }
        }

        var parameters = new List<ParameterModel>();
        // A type that writes its own Write and Read (and only wants its Opnum) may have parameters of any type.
        var ctorParameters = needsWrite || needsRead ? decl.ParameterList?.Parameters ?? default : default;
        foreach (var syntax in ctorParameters)
        {
            if (ctx.SemanticModel.GetDeclaredSymbol(syntax, ct) is not IParameterSymbol p)
            {
                return null;
            }
            var codec = CodecOf(p.Type, p.Name);
            if (codec is null)
            {
                diagnostics.Add(new DiagnosticModel(s_unsupported.Id, LocationModel.From(syntax.GetLocation()),
                    new EquatableArray<string>([type.Name, p.Name, p.Type.ToDisplayString()])));
                continue;
            }
            parameters.Add(new ParameterModel(p.Name, codec.Value.Write, codec.Value.Read, p.Name == "RpcStatus" && p.Type.SpecialType == SpecialType.System_UInt32));
        }

        var typeParameters = type.TypeParameters.IsEmpty ? "" : "<" + string.Join(", ", type.TypeParameters.Select(t => t.Name)) + ">";
        return new MessageModel(
            type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
            type.Name + typeParameters,
            type.MetadataName,
            type.IsReadOnly,
            opnum,
            needsWrite,
            needsRead,
            new EquatableArray<ParameterModel>([.. parameters]),
            new EquatableArray<DiagnosticModel>([.. diagnostics]),
            default);
    }

    /// <summary>A typed context handle (a partial record struct over one NdrContextHandle Value): Null, IsNull, FromValue.</summary>
    private static MessageModel? HandleModel(INamedTypeSymbol type)
    {
        var members = new List<string>();
        if (type.GetMembers("Null").IsEmpty)
        {
            members.Add($"    /// <summary>The NULL handle.</summary>\n    public static {type.Name} Null => default;");
        }
        if (type.GetMembers("IsNull").IsEmpty)
        {
            members.Add("    /// <inheritdoc />\n    public bool IsNull => Value.IsNull;");
        }
        if (type.GetMembers("FromValue").IsEmpty)
        {
            members.Add($"    /// <inheritdoc />\n    public static {type.Name} FromValue(global::Clusterd.Rpc.Ndr.NdrContextHandle value) => new(value);");
        }
        return members.Count == 0 ? null : new MessageModel(
            type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
            type.Name,
            type.MetadataName,
            type.IsReadOnly,
            null,
            false,
            false,
            default,
            default,
            new EquatableArray<string>([.. members]));
    }

    /// <summary>The ClusApiOpnum member of a request: [Opnum(...)] or Api + the name without "Request".</summary>
    private static string? OpnumOf(INamedTypeSymbol type, Compilation compilation, out string wanted)
    {
        var opnums = compilation.GetTypeByMetadataName(Ns + ".ClusApiOpnum");
        var attribute = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == Ns + ".OpnumAttribute");
        if (attribute is { ConstructorArguments.Length: 1 } && attribute.ConstructorArguments[0].Value is { } value)
        {
            wanted = value.ToString() ?? "";
            return opnums?.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, value))?.Name;
        }
        const string Suffix = "Request";
        var name = type.Name.EndsWith(Suffix, StringComparison.Ordinal) ? type.Name.Substring(0, type.Name.Length - Suffix.Length) : type.Name;
        wanted = "Api" + name;
        return opnums is not null && opnums.GetMembers(wanted).OfType<IFieldSymbol>().Any() ? wanted : null;
    }

    /// <summary>The write statement and read expression of one parameter, or null for a type the generator does not know.</summary>
    private static (string Write, string Read)? CodecOf(ITypeSymbol type, string name)
    {
        var fq = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        switch (type.SpecialType)
        {
            case SpecialType.System_String:
                // Sin: a top-level [in, string] (never NULL); Sout: a unique [string] pointer.
                return type.NullableAnnotation == NullableAnnotation.Annotated
                    ? ($"writer.WriteOutString({name});", "reader.ReadOutString()")
                    : ($"writer.WriteInString({name});", "reader.ReadConformantVaryingString()");
            case SpecialType.System_Boolean:
                // A BOOL: a u32, 1 for true; any non-zero value reads as true.
                return ($"writer.WriteUInt32({name} ? 1u : 0u);", "reader.ReadUInt32() != 0");
        }
        if (Primitive(type.SpecialType) is { } primitive)
        {
            return ($"writer.Write{primitive}({name});", $"reader.Read{primitive}()");
        }
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum } e)
        {
            if (e.Name == "Win32Error" && e.ContainingNamespace.ToDisplayString() == "Clusterd.ClusApi")
            {
                return ($"writer.WriteError({name});", "reader.ReadError()");
            }
            if (e.EnumUnderlyingType is { } underlying && Primitive(underlying.SpecialType) is { } p)
            {
                var u = underlying.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                return ($"writer.Write{p}(({u}){name});", $"({fq})reader.Read{p}()");
            }
            return null;
        }
        if (IsHandle(type))
        {
            return ($"writer.WriteHandle({name});", $"reader.ReadHandle<{fq}>()");
        }
        if (fq == "global::Clusterd.Rpc.Ndr.NdrContextHandle")
        {
            // An untyped context handle (HGENERIC_RPC: any open object).
            return ($"writer.WriteContextHandle({name});", "reader.ReadContextHandle()");
        }
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            && IsSelfCoding(nullable.TypeArguments[0]))
        {
            // A unique pointer to a structure: a referent id (0 for NULL), then the structure.
            var t = nullable.TypeArguments[0].ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            return ($"if (writer.WriteReferentId({name}.HasValue)) {{ {name}.GetValueOrDefault().Write(writer); }}",
                $"reader.ReadReferentId() != 0 ? {t}.Read(reader) : ({t}?)null");
        }
        if (IsSelfCoding(type))
        {
            // A structure that codes itself (its own Write and static Read), in place.
            return ($"{name}.Write(writer);", $"{fq}.Read(reader)");
        }
        if (fq == "global::System.ReadOnlyMemory<byte>")
        {
            // A conformant byte array: [size_is(n)] UCHAR[] (max_count, then the bytes; n is a parameter of its own).
            // A [unique] buffer (a referent id first, NULL when empty) is not this: such types stay hand-written.
            return ($"writer.WriteConformantByteArray({name}.Span);", "reader.ReadConformantByteArray()");
        }
        if (fq == "global::System.DateTimeOffset")
        {
            // A FILETIME.
            return ($"writer.WriteFileTime({name});", "reader.ReadFileTime()");
        }
        if (type is INamedTypeSymbol { Name: "IReadOnlyList", TypeArguments.Length: 1 } list
            && list.ContainingNamespace.ToDisplayString() == "System.Collections.Generic"
            && list.TypeArguments[0].ToDisplayString() == Ns + ".EnumEntry"
            && type.NullableAnnotation == NullableAnnotation.Annotated)
        {
            // EL: an [out] PENUM_LIST *, NULL when the call failed.
            return ($"writer.WriteEnumList({name});", "reader.ReadEnumList()");
        }
        return null;
    }

    private static string? Primitive(SpecialType type) => type switch
    {
        SpecialType.System_Byte => "Byte",
        SpecialType.System_UInt16 => "UInt16",
        SpecialType.System_Int16 => "Int16",
        SpecialType.System_UInt32 => "UInt32",
        SpecialType.System_Int32 => "Int32",
        SpecialType.System_UInt64 => "UInt64",
        _ => null,
    };

    /// <summary>A value type with <c>void Write(NdrWriter)</c> and <c>static T Read(NdrReader)</c>: a structure that codes itself.</summary>
    private static bool IsSelfCoding(ITypeSymbol type) =>
        type.IsValueType
        && type.GetMembers("Write").OfType<IMethodSymbol>().Any(m => !m.IsStatic && m.ReturnsVoid && m.Parameters.Length == 1
            && m.Parameters[0].Type.ToDisplayString() == "Clusterd.Rpc.Ndr.NdrWriter")
        && type.GetMembers("Read").OfType<IMethodSymbol>().Any(m => m.IsStatic && m.Parameters.Length == 1
            && m.Parameters[0].Type.ToDisplayString() == "Clusterd.Rpc.Ndr.NdrReader"
            && SymbolEqualityComparer.Default.Equals(m.ReturnType, type));

    /// <summary>A typed context handle: a type (or type parameter) that is an IClusApiHandle of itself.</summary>
    private static bool IsHandle(ITypeSymbol type)
    {
        IEnumerable<ITypeSymbol> candidates = type is ITypeParameterSymbol tp ? tp.ConstraintTypes : type.AllInterfaces;
        return candidates.OfType<INamedTypeSymbol>().Any(i => i.Name == "IClusApiHandle"
            && i.ContainingNamespace?.ToDisplayString() == Ns
            && i.TypeArguments.Length == 1
            && SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], type));
    }

    private static void Emit(SourceProductionContext context, MessageModel m)
    {
        if (m.Diagnostics.Count > 0)
        {
            foreach (var d in m.Diagnostics)
            {
                var descriptor = d.Id == s_unsupported.Id ? s_unsupported : s_noOpnum;
                context.ReportDiagnostic(Diagnostic.Create(descriptor, d.Location.ToLocation(), [.. d.Arguments]));
            }
            return;
        }
        // Wire order: declaration order, except that a last `uint RpcStatus` goes before the function result.
        var wire = m.Parameters.ToList();
        if (wire.Count >= 2 && wire[wire.Count - 1].IsRpcStatus)
        {
            var rpcStatus = wire[wire.Count - 1];
            wire.RemoveAt(wire.Count - 1);
            wire.Insert(wire.Count - 1, rpcStatus);
        }

        var s = new StringBuilder();
        s.AppendLine("// <auto-generated/>");
        s.AppendLine("// Written by Clusterd.ClusApi.Contract.Generator from the primary constructor: edit the declaration, not this file.");
        s.AppendLine("#nullable enable");
        s.AppendLine("#pragma warning disable CS1591");
        s.AppendLine();
        s.AppendLine("using Clusterd.ClusApi.Contract;");
        s.AppendLine();
        if (m.Namespace is not null)
        {
            s.Append("namespace ").Append(m.Namespace).AppendLine(";");
            s.AppendLine();
        }
        s.Append(m.IsReadOnly ? "readonly " : "").Append("partial record struct ").AppendLine(m.Name);
        s.AppendLine("{");
        if (m.Opnum is not null)
        {
            s.AppendLine("    /// <inheritdoc />");
            s.Append("    public static ").Append(Global).Append("ClusApiOpnum Opnum => ").Append(Global).Append("ClusApiOpnum.").Append(m.Opnum).AppendLine(";");
            s.AppendLine();
        }
        foreach (var member in m.Members)
        {
            s.AppendLine(member);
            s.AppendLine();
        }
        if (m.NeedsWrite)
        {
            s.AppendLine("    /// <inheritdoc />");
            s.AppendLine("    public void Write(global::Clusterd.Rpc.Ndr.NdrWriter writer)");
            s.AppendLine("    {");
            s.AppendLine("        global::System.ArgumentNullException.ThrowIfNull(writer);");
            foreach (var p in wire)
            {
                s.Append("        ").AppendLine(p.Write);
            }
            s.AppendLine("    }");
            s.AppendLine();
        }
        if (m.NeedsRead)
        {
            s.AppendLine("    /// <inheritdoc />");
            s.Append("    public static ").Append(m.Name).AppendLine(" Read(global::Clusterd.Rpc.Ndr.NdrReader reader)");
            s.AppendLine("    {");
            s.AppendLine("        global::System.ArgumentNullException.ThrowIfNull(reader);");
            if (m.Parameters.Count == 0)
            {
                s.AppendLine("        return default;");
            }
            else
            {
                foreach (var p in wire)
                {
                    s.Append("        var ").Append(Local(p.Name)).Append(" = ").Append(p.Read).AppendLine(";");
                }
                s.Append("        return new(").Append(string.Join(", ", m.Parameters.Select(p => Local(p.Name)))).AppendLine(");");
            }
            s.AppendLine("    }");
        }
        s.AppendLine("}");
        context.AddSource(m.MetadataName.Replace('`', '_') + ".g.cs", SourceText.From(s.ToString(), Encoding.UTF8));
    }

    private static string Local(string name) => "_" + name;
}
