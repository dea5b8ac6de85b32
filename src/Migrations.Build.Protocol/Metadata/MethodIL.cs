using System.Buffers;
using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace Migrations.Build.Protocol.Metadata;

/// <summary>
/// Reads a method's IL: the metadata tokens it uses (what the body calls, reads and names), and its
/// code for the hash, each token written as the name it stands for, so the bytes change only when
/// the code does (an unrelated edit renumbers tokens, not names). Straight into the hash: a large
/// app's migrations are megabytes of IL, read on every build.
/// </summary>
public static class MethodIL
{
    // Every IL opcode's operand kind, from the runtime's own table: one-byte opcodes at their value,
    // two-byte ones (0xFE xx) at 256 + xx.
    private static readonly OperandType[] Operands = OperandTable();

    /// <summary>The members and types the body names, in order; none for a method without IL.</summary>
    public static List<EntityHandle> Uses(PEReader pe, MethodDefinition method)
    {
        var uses = new List<EntityHandle>();
        if (method.RelativeVirtualAddress != 0)
        {
            Walk(pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader(), uses, default, null, null);
        }

        return uses;
    }

    /// <summary>Adds the body (locals, exception regions, IL with names for tokens) to <paramref name="hash"/>, through <paramref name="buffer"/>.</summary>
    public static void Hash(PEReader pe, MetadataNames names, NameTable table, MethodDefinition method, IncrementalHash hash, ArrayBufferWriter<byte> buffer)
    {
        if (method.RelativeVirtualAddress == 0)
        {
            return; // abstract, extern or a runtime-provided body
        }

        var body = pe.GetMethodBody(method.RelativeVirtualAddress);
        var header = new StringBuilder();
        if (!body.LocalSignature.IsNil)
        {
            header.Append("locals(").AppendJoin(',', names.Reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(names, null)).Append(')');
        }

        foreach (var region in body.ExceptionRegions)
        {
            header.Append($" try({region.Kind} {region.TryOffset}+{region.TryLength} {region.HandlerOffset}+{region.HandlerLength} {region.FilterOffset} ");
            header.Append(region.CatchType.IsNil ? string.Empty : names.Type(region.CatchType)).Append(')');
        }

        hash.AppendData(Encoding.UTF8.GetBytes(header.Append('\n').ToString()));
        buffer.Clear();
        Walk(body.GetILReader(), null, (names, table), body.GetILBytes(), buffer);
        hash.AppendData(buffer.WrittenSpan);
    }

    // Run once per build in a new process, over megabytes of IL: optimized at once, not after tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Walk(BlobReader il, List<EntityHandle>? uses, (MetadataNames Names, NameTable Table) naming, byte[]? code,
        ArrayBufferWriter<byte>? output)
    {
        while (il.RemainingBytes > 0)
        {
            var start = il.Offset;
            int opcode = il.ReadByte();
            if (opcode == 0xFE)
            {
                opcode = 256 + il.ReadByte();
            }

            switch (Operands[opcode])
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType or OperandType.InlineSig:
                    var handle = MetadataTokens.EntityHandle(il.ReadInt32());
                    uses?.Add(handle);
                    if (output is not null)
                    {
                        Write(output, opcode, naming.Table.Number(naming.Names, handle));
                    }

                    continue;
                case OperandType.InlineString:
                    var text = MetadataTokens.UserStringHandle(il.ReadInt32());
                    if (output is not null)
                    {
                        Write(output, opcode, naming.Table.Number("\"" + naming.Names.Reader.GetUserString(text)));
                    }

                    continue;
                case OperandType.InlineSwitch:
                    var targets = il.ReadInt32(); // read first: `il.Offset += 4 * il.ReadInt32()` would drop the count's own 4 bytes
                    il.Offset += 4 * targets;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.Offset += 8;
                    break;
                case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.ShortInlineR:
                    il.Offset += 4;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
            }

            // No token in it: the instruction's bytes as they are (branch offsets are relative).
            output?.Write(code.AsSpan(start, il.Offset - start));
        }
    }

    private static void Write(ArrayBufferWriter<byte> output, int opcode, int name)
    {
        var span = output.GetSpan(6);
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)opcode);
        BinaryPrimitives.WriteInt32LittleEndian(span[2..], name);
        output.Advance(6);
    }

    private static OperandType[] OperandTable()
    {
        var table = new OperandType[512];
        Array.Fill(table, OperandType.InlineNone);
        foreach (var opcode in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OpCode)f.GetValue(null)!))
        {
            var value = unchecked((ushort)opcode.Value);
            table[value >= 0xFE00 ? 256 + (value & 0xFF) : value] = opcode.OperandType;
        }

        return table;
    }
}
