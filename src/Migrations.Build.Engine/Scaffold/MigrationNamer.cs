using System.Globalization;
using System.Text;

namespace Migrations.Build.Engine.Scaffold;

/// <summary>Turns a revision message ("add customer email") into a migration name (AddCustomerEmail).</summary>
internal static class MigrationNamer
{
    public static string FromMessage(string message)
    {
        var name = new StringBuilder();
        foreach (var word in message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var letters = new string(word.Where(c => char.IsLetterOrDigit(c) || c == '_').ToArray());
            if (letters.Length > 0)
            {
                name.Append(char.ToUpper(letters[0], CultureInfo.InvariantCulture)).Append(letters.AsSpan(1));
            }
        }

        if (name.Length == 0 || !char.IsLetter(name[0]) && name[0] != '_')
        {
            throw new EngineException(
                $"The message '{message}' gives no usable migration name: it must start with a letter, e.g. -m \"add customer email\".");
        }

        return name.ToString();
    }
}
