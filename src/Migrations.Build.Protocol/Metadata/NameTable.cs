using System.Reflection.Metadata;
using System.Security.Cryptography;
using System.Text;

namespace Migrations.Build.Protocol.Metadata;

/// <summary>
/// The names method bodies use, each given a number in the order the hash first meets it: a body is
/// hashed with 4-byte numbers instead of its names (a large app's migrations name the same few
/// thousand members hundreds of thousands of times), and the table, hashed last, says what each number
/// stood for. The order follows the app's code, so the numbers are the same while that code is.
/// </summary>
public sealed class NameTable
{
    private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private readonly Dictionary<(MetadataNames, EntityHandle), int> _handles = [];

    public int Number(MetadataNames names, EntityHandle handle)
    {
        if (!_handles.TryGetValue((names, handle), out var number))
        {
            _handles[(names, handle)] = number = Number(names.Member(handle));
        }

        return number;
    }

    public int Number(string name)
    {
        if (!_numbers.TryGetValue(name, out var number))
        {
            _numbers[name] = number = _names.Count;
            _names.Add(name);
        }

        return number;
    }

    public void HashInto(IncrementalHash hash)
    {
        foreach (var name in _names)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(name + "\0"));
        }
    }
}
