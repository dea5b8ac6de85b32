namespace Migrations.Build.Tests.Infrastructure;

/// <summary>
/// A Samples table with a column of every type a provider maps (by the property's .NET type, or by
/// the column type an app names), and rows at each type's extremes, NULLs and infinities.
/// </summary>
public static class TypeMatrixApp
{
    public sealed record Flavor(string Entity, string Configure, string Use);

    public static Flavor Postgres { get; } = new("""
        using System.Collections;
        using System.Net;
        using System.Net.NetworkInformation;
        using NpgsqlTypes;

        namespace BlogApp.Model;

        public enum Mood { Happy, Sad }

        public class Sample
        {
            public int Id { get; set; }
            public int?[]? Ints { get; set; }
            public List<string?>? Texts { get; set; }
            public IPAddress? Ip { get; set; }
            public IPNetwork? Net { get; set; }
            public PhysicalAddress? Mac { get; set; }
            public NpgsqlRange<int>? Span { get; set; }
            public NpgsqlRange<DateTime>? During { get; set; }
            public NpgsqlRange<int>[]? Spans { get; set; }
            public TimeSpan? Wait { get; set; }
            public BitArray? Bits { get; set; }
            public string? Xml { get; set; }
            public decimal? Cash { get; set; }
            public string? Json { get; set; }
            public string? Jsonb { get; set; }
            public Mood? Mood { get; set; }
            public DateOnly? Day { get; set; }
            public DateTime? Local { get; set; }
            public DateTime? Utc { get; set; }
            public TimeOnly? Clock { get; set; }
            public decimal? Exact { get; set; }
            public decimal? Wide { get; set; }
            public double? Double { get; set; }
            public float? Single { get; set; }
            public Guid? Uuid { get; set; }
            public byte[]? Bytes { get; set; }
            public bool? Flag { get; set; }
            public short? Small { get; set; }
            public long? Big { get; set; }
            public string? Text { get; set; }
        }

        public class Tag
        {
            public string? Label { get; set; }
            public int? Weight { get; set; }
        }
        """, """
            modelBuilder.HasPostgresEnum<Mood>();
            modelBuilder.Entity<Sample>(e =>
            {
                e.Property(s => s.Spans).HasColumnType("int4multirange");
                e.Property(s => s.Bits).HasColumnType("bit varying");
                e.Property(s => s.Xml).HasColumnType("xml");
                e.Property(s => s.Cash).HasColumnType("money");
                e.Property(s => s.Json).HasColumnType("json");
                e.Property(s => s.Jsonb).HasColumnType("jsonb");
                e.Property(s => s.Local).HasColumnType("timestamp without time zone");
                e.Property(s => s.During).HasColumnType("tsrange");
                e.Property(s => s.Exact).HasPrecision(38, 18);
                e.Property(s => s.Wide).HasColumnType("numeric");
            });
        """, "UseNpgsql(Environment.GetEnvironmentVariable(\"FIELD_CONNECTION\"), o => o.MapEnum<Mood>(\"mood\"))");

    /// <summary>Row 1 all NULL; then lows, highs, infinities and odd texts. The app's own enum mapping reads Mood.</summary>
    public const string PostgresRows = """
        INSERT INTO "Samples" ("Id") VALUES (1);
        INSERT INTO "Samples" ("Id", "Ints", "Texts", "Ip", "Net", "Mac", "Span", "During", "Spans", "Wait", "Bits", "Xml", "Cash", "Json", "Jsonb", "Mood", "Day", "Local", "Utc", "Clock", "Exact", "Wide", "Double", "Single", "Uuid", "Bytes", "Flag", "Small", "Big", "Text")
          VALUES (2, '{1,NULL,-2147483648}', '{a,NULL,"ü ✓","with,comma","\"quoted\"",""}', '192.168.0.1/24', '10.0.0.0/8',
          '08:00:2b:01:02:03', '[1,10)', '[2020-01-01 00:00,2020-02-01 00:00)', '{[1,3),[5,8)}', '-1 years +2 mons -3 days 04:05:06.789', B'1011', '<a b="1">x &amp; y</a>',
          '-92233720368547758.08', '{"b": 1,  "a": [1, 2]}', '{"b": 1, "a": [1, 2]}', 'sad', '0001-01-01', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00', '00:00:00',
          '-99999999999999999999.999999999999999999', '-1e40', -1.7976931348623157e308, '-3.4028235e38', '00000000-0000-0000-0000-000000000000', '\x00ff',
          false, -32768, -9223372036854775808, E'tab\there\nnewline \\ back');
        INSERT INTO "Samples" ("Id", "Ints", "Texts", "Ip", "Net", "Mac", "Span", "During", "Spans", "Wait", "Bits", "Xml", "Cash", "Json", "Jsonb", "Mood", "Day", "Local", "Utc", "Clock", "Exact", "Wide", "Double", "Single", "Uuid", "Bytes", "Flag", "Small", "Big", "Text")
          VALUES (3, '{}', '{}', '::1', '2001:db8::/32', 'ff:ff:ff:ff:ff:ff', 'empty', '(,)', '{}', '178000000 years', B'', '<x/>',
          '92233720368547758.07', '[]', '{}', 'happy', '9999-12-31', '9999-12-31 23:59:59.999999', '9999-12-31 23:59:59.999999+00', '24:00:00',
          '99999999999999999999.999999999999999999', '1e-40', 5e-324, '1.4e-45', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '\x',
          true, 32767, 9223372036854775807, '');
        INSERT INTO "Samples" ("Id", "Day", "Local", "Utc", "Wide", "Double", "Single", "Exact") VALUES (4, 'infinity', '-infinity', 'infinity', 'NaN', 'NaN', '-Infinity', 'NaN');
        INSERT INTO "Samples" ("Id", "Day", "Local", "Utc", "Double", "Single", "Wait") VALUES (5, '4713-01-01 BC', '294276-12-31 23:59:59', '4713-01-01 00:00:00+00 BC', '-0', 'Infinity', '-178000000 years');
        """;

    public static Flavor Sqlite { get; } = new("""
        namespace BlogApp.Model;

        public class Sample
        {
            public int Id { get; set; }
            public long? Big { get; set; }
            public double? Double { get; set; }
            public decimal? Exact { get; set; }
            public DateTime? When { get; set; }
            public DateTimeOffset? Offset { get; set; }
            public DateOnly? Day { get; set; }
            public TimeOnly? Clock { get; set; }
            public TimeSpan? Wait { get; set; }
            public Guid? Uuid { get; set; }
            public byte[]? Bytes { get; set; }
            public bool? Flag { get; set; }
            public string? Text { get; set; }
        }

        public class Tag
        {
            public string? Label { get; set; }
            public int? Weight { get; set; }
        }
        """, string.Empty, "UseSqlite(Environment.GetEnvironmentVariable(\"FIELD_CONNECTION\"))");

    public const string SqliteRows = """
        INSERT INTO "Samples" ("Id") VALUES (1);
        INSERT INTO "Samples" ("Id", "Big", "Double", "Exact", "When", "Offset", "Day", "Clock", "Wait", "Uuid", "Bytes", "Flag", "Text")
          VALUES (2, -9223372036854775808, -1.7976931348623157e308, '-79228162514264337593543950335', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00:00',
          '0001-01-01', '00:00:00', '-10675199.02:48:05.4775808', '00000000-0000-0000-0000-000000000000', x'00ff', 0, 'tab	here' || char(10) || 'ü ✓ ' || char(0) || ' nul');
        INSERT INTO "Samples" ("Id", "Big", "Double", "Exact", "When", "Offset", "Day", "Clock", "Wait", "Uuid", "Bytes", "Flag", "Text")
          VALUES (3, 9223372036854775807, 4.9406564584124654e-324, '79228162514264337593543950335', '9999-12-31 23:59:59.9999999', '9999-12-31 23:59:59.9999999+14:00',
          '9999-12-31', '23:59:59.9999999', '10675199.02:48:05.4775807', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', x'', 1, '');
        INSERT INTO "Samples" ("Id", "Big", "Double", "Exact", "When", "Offset", "Day", "Clock", "Wait", "Uuid", "Bytes", "Flag", "Text")
          VALUES (4, 0, 9e999, '0.0000000000000000000000000001', '2024-02-29 12:00:00', '2024-02-29 12:00:00-12:00', '2024-02-29', '12:00:00', '00:00:00', 'a', zeroblob(1000000), 2, '-0');
        """;

    public static Flavor SqlServer { get; } = new("""
        namespace BlogApp.Model;

        public class Sample
        {
            public int Id { get; set; }
            public DateTimeOffset? Offset { get; set; }
            public DateTime? When { get; set; }
            public TimeSpan? Clock { get; set; }
            public decimal? Exact { get; set; }
            public Guid? Uuid { get; set; }
            public byte[]? Bytes { get; set; }
            public string? Text { get; set; }
            public long? Big { get; set; }
            public double? Double { get; set; }
            public bool? Flag { get; set; }
            public byte[]? Version { get; set; }
        }

        public class Tag
        {
            public string? Label { get; set; }
            public int? Weight { get; set; }
        }
        """, """
            modelBuilder.Entity<Sample>(e =>
            {
                e.Property(s => s.Id).ValueGeneratedNever();
                e.Property(s => s.Exact).HasPrecision(38, 10);
                e.Property(s => s.Version).IsRowVersion();
            });
        """, "UseSqlServer(Environment.GetEnvironmentVariable(\"FIELD_CONNECTION\"))");

    public const string SqlServerRows = """
        INSERT INTO [Samples] ([Id]) VALUES (1);
        INSERT INTO [Samples] ([Id], [Offset], [When], [Clock], [Exact], [Uuid], [Bytes], [Text], [Big], [Double], [Flag])
          VALUES (2, '0001-01-01 00:00:00.0000000 -14:00', '0001-01-01 00:00:00.0000000', '00:00:00.0000000', -9999999999999999999999999999.9999999999,
          '00000000-0000-0000-0000-000000000000', 0x, N'ü ✓ ' + NCHAR(0x1F642) + CHAR(9) + CHAR(10), -9223372036854775808, -1.7976931348623157E+308, 0);
        INSERT INTO [Samples] ([Id], [Offset], [When], [Clock], [Exact], [Uuid], [Bytes], [Text], [Big], [Double], [Flag])
          VALUES (3, '9999-12-31 23:59:59.9999999 +14:00', '9999-12-31 23:59:59.9999999', '23:59:59.9999999', 9999999999999999999999999999.9999999999,
          'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', CAST(REPLICATE(CAST(0xAB AS varbinary(max)), 100000) AS varbinary(max)), REPLICATE(CAST(N'x' AS nvarchar(max)), 100000),
          9223372036854775807, 4.9406564584124654E-324, 1);
        INSERT INTO [Tags] ([Label], [Weight]) VALUES ('a', 1), ('a', 1), ('b', NULL), (NULL, NULL);
        """;

    /// <summary>Rows of the keyless Tags table: two the same, NULLs.</summary>
    public const string TagRows = "INSERT INTO \"Tags\" (\"Label\", \"Weight\") VALUES ('a', 1), ('a', 1), ('b', NULL), (NULL, NULL);";

    /// <summary>
    /// Writes the Sample and Tag (keyless) entities and a context that maps them, or (<paramref name="mapped"/>
    /// false) only Blog; the factory configures the provider as the flavor says.
    /// </summary>
    public static void AddSamples(FieldApp field, Flavor flavor, bool mapped = true)
    {
        field.Write("Model/Sample.cs", flavor.Entity);
        var sets = mapped ? "public DbSet<Sample> Samples => Set<Sample>();\n\n    public DbSet<Tag> Tags => Set<Tag>();" : string.Empty;
        var configure = mapped ? flavor.Configure + "\n        modelBuilder.Entity<Tag>().HasNoKey().ToTable(\"Tags\");" : string.Empty;
        field.Write("BlogDb.cs", $$"""
            using BlogApp.Model;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Design;

            namespace BlogApp;

            public class BlogDb(DbContextOptions<BlogDb> options) : DbContext(options)
            {
                public DbSet<Blog> Blogs => Set<Blog>();

                {{sets}}

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
            {{configure}}
                }
            }

            public class BlogDbFactory : IDesignTimeDbContextFactory<BlogDb>
            {
                public BlogDb CreateDbContext(string[] args)
                    => new(new DbContextOptionsBuilder<BlogDb>().{{flavor.Use}}.Options);
            }
            """);
    }
}
