using System.Data.Common;

namespace Migrations.Build.Tests.Infrastructure;

/// <summary>Reads a query's first column from an open connection, whatever the provider.</summary>
internal static class DbQueries
{
    public static List<string> Strings(this DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    public static void Execute(this DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
