using FluentAssertions;
using Migrations.Build.Tests.Infrastructure;

namespace Migrations.Build.Tests.Integration;

/// <summary><c>test --seed</c>: seed data put in at one migration must survive the later ones that claim to keep data.</summary>
public abstract partial class CycleTests
{
    /// <summary>Two authors, two books and a member, in SQL both SQLite and PostgreSQL take.</summary>
    private const string SeedSql = """
        INSERT INTO "Authors" ("Id", "Name", "Biography") VALUES (1, 'Ursula K. Le Guin', 'Wrote Earthsea'), (2, 'Frank Herbert', NULL);
        INSERT INTO "Books" ("Id", "Title", "Isbn", "PublishedOn", "AuthorId")
            VALUES (1, 'A Wizard of Earthsea', '9780547773742', '1968-11-01', 1), (2, 'Dune', '9780441172719', '1965-08-01', 2);
        INSERT INTO "Members" ("Id", "Name", "Email", "JoinedAt") VALUES (1, 'Ada', 'ada@example.org', '2024-01-01 00:00:00');
        """;

    /// <summary>The app's own seeding: a loan of a new book to a new member, written for the current model.</summary>
    private const string AppSeeding = """
        options.UseSeeding((context, _) =>
        {
            var book = new Library.Model.Book { Title = "Kindred", Isbn = "9780807083697", PublishedOn = new DateOnly(1979, 6, 1), Author = new Library.Model.Author { Name = "Octavia E. Butler" } };
            var member = new Library.Model.Member { Name = "Ada", Email = "ada@example.org", JoinedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) };
            context.Add(new Library.Model.Loan { Book = book, Member = member, LoanedAt = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc), DueOn = new DateOnly(2026, 3, 1) });
            context.SaveChanges();
        });
        return new LibraryContext(options.Options);
        """;

    protected string Scalar(string db, string sql) => Databases.Scalar(db, sql);

    private ProcessResult Seeded(string name, params string[] args)
    {
        Copy.Write("seed.sql", SeedSql);
        return Test(name, ["--seed", "seed.sql", "--json", .. args]);
    }

    private static IEnumerable<string?> Notes(ProcessResult run, string direction)
        => run.Json().GetProperty("steps").EnumerateArray()
            .Where(s => s.GetProperty("direction").GetString() == direction)
            .Select(s => s.TryGetProperty("note", out var note) ? note.GetString() : null);

    [Fact]
    public void Seeded_rows_survive_a_migration_that_keeps_data()
    {
        var (init, loans) = (Copy.MigrationId("InitialCreate"), Copy.MigrationId("AddLoans"));

        var run = Seeded(nameof(Seeded_rows_survive_a_migration_that_keeps_data));

        run.ExitCode.Should().Be(0, run.ToString());
        Steps(run).Should().Equal(
            (init, "up", true), (init, "seed", true), (loans, "up", true), (loans, "data", true), (loans, "model", true),
            (loans, "down", true), (init, "down", true), (init, "up-again", true), (loans, "up-again", true));
        Notes(run, "seed").Should().Equal("5 row(s) in 3 table(s) from seed.sql");
        Notes(run, "data").Should().Equal("5 seeded row(s) kept");
        run.Json().GetProperty("seedAt").GetString().Should().Be(init);
    }

    [Fact]
    public void A_migration_that_claims_to_keep_data_but_clears_values_is_caught()
        // With a WHERE: an UPDATE of every row is MIG105 by itself (it loses data by design), this one only claims to keep data.
        => WithMigration("20991231000000_ClearsBiography",
            "migrationBuilder.Sql(\"UPDATE \\\"Authors\\\" SET \\\"Biography\\\" = NULL WHERE \\\"Id\\\" > 0\");",
            "migrationBuilder.Sql(\"SELECT 1\");",
            () =>
            {
                var run = Seeded(nameof(A_migration_that_claims_to_keep_data_but_clears_values_is_caught));

                run.ExitCode.Should().Be(1, run.ToString());
                Steps(run).Should().Contain(("20991231000000_ClearsBiography", "data", false))
                    .And.Contain(("20991231000000_ClearsBiography", "up-again", true), "a data loss doesn't stop the schema checks");
                Problems(run).Should().Contain(
                    "20991231000000_ClearsBiography claims to keep data but loses seeded data: Authors.Biography changed on 1 row(s) (Id=1: "
                        + "'Wrote Earthsea' → NULL)");
                run.Stderr.Should().Contain("20991231000000_ClearsBiography.cs(").And.Contain("error MIG504");
            });

    [Fact]
    public void Migrations_that_lose_data_by_design_or_say_so_are_not_checked()
    {
        WithMigration("20991231000000_ForgetsMembers",
            "migrationBuilder.Sql(\"DELETE FROM \\\"Members\\\"\");",
            "migrationBuilder.Sql(\"SELECT 1\");",
            () =>
            {
                var run = Seeded(nameof(Migrations_that_lose_data_by_design_or_say_so_are_not_checked));

                run.ExitCode.Should().Be(0, run.ToString());
                Notes(run, "data").Should().Contain("not checked: it loses data by design (MIG105)");
            });

        Copy.Write("AllowUnsafeOperationAttribute.cs", File.ReadAllText(Path.Combine(Repo.Root, "build", "AllowUnsafeOperationAttribute.cs")));
        try
        {
            WithMigration("20991231000000_MovesBiographies",
                "migrationBuilder.Sql(\"UPDATE \\\"Authors\\\" SET \\\"Biography\\\" = NULL\");",
                "migrationBuilder.Sql(\"SELECT 1\");",
                () =>
                {
                    var run = Seeded(nameof(Migrations_that_lose_data_by_design_or_say_so_are_not_checked) + "_ack");

                    run.ExitCode.Should().Be(0, run.ToString());
                    Notes(run, "data").Should().Contain("not checked: MIG504 acknowledged: biographies move to the profile service");
                },
                "[global::Migrations.Build.AllowUnsafeOperation(\"MIG504\", Reason = \"biographies move to the profile service\")]");
        }
        finally
        {
            File.Delete(Path.Combine(Copy.Directory, "AllowUnsafeOperationAttribute.cs"));
        }
    }

    [Fact]
    public void The_apps_own_seeding_runs_once_where_seed_at_says()
    {
        var factory = Copy.Read("LibraryContextFactory.cs");
        Copy.Edit("LibraryContextFactory.cs", "return new LibraryContext(options.Options);", AppSeeding);
        try
        {
            Copy.Build();
            var loans = Copy.MigrationId("AddLoans");

            var plain = Test(nameof(The_apps_own_seeding_runs_once_where_seed_at_says) + "_plain", "--json");
            plain.ExitCode.Should().Be(0, "the cycle runs without the app's seeding unless --seed app: " + plain);

            var tooEarly = Test(nameof(The_apps_own_seeding_runs_once_where_seed_at_says) + "_early", "--seed", "app", "--json");
            tooEarly.ExitCode.Should().Be(1, tooEarly.ToString());
            Problems(tooEarly).Should().Contain($"The app's seeding (UseSeeding) failed at {Copy.MigrationId("InitialCreate")}").And.Contain("--seed-at");

            var db = Databases.New(nameof(The_apps_own_seeding_runs_once_where_seed_at_says));
            var atHead = Copy.Migrate("test", "--no-build", "--connection", db, "--seed", "app", "--seed-at", "AddLoans", "--json");
            atHead.ExitCode.Should().Be(0, atHead.ToString());
            Notes(atHead, "seed").Should().Equal("4 row(s) in 4 table(s) from the app's seeding");
            Steps(atHead).Should().Contain((loans, "seed", true));
            Scalar(db, "SELECT COUNT(*) FROM \"Loans\"").Should().Be("0", "the seeded loan went with the Down, and nothing seeded again on the way back up");
        }
        finally
        {
            Copy.Write("LibraryContextFactory.cs", factory);
            Copy.Build();
        }
    }

    [Fact]
    public void Bad_seed_options_are_refused_before_anything_runs()
    {
        var missing = Copy.Migrate(["test", "--no-build", "--seed", "nowhere.sql", .. Scratch("missing_seed")]);
        missing.ExitCode.Should().Be(2, missing.ToString());
        missing.Stderr.Should().Contain("The seed file").And.Contain("nowhere.sql").And.Contain("does not exist");

        var atAlone = Copy.Migrate(["test", "--no-build", "--seed-at", "InitialCreate", .. Scratch("seed_at_alone")]);
        atAlone.ExitCode.Should().Be(2, atAlone.ToString());
        atAlone.Stderr.Should().Contain("--seed-at").And.Contain("give the seed too");

        Copy.Write("seed.sql", SeedSql);
        var outside = Copy.Migrate(["test", "--no-build", "--seed", "seed.sql", "--from", "AddLoans", "--seed-at",
            "InitialCreate", .. Scratch("seed_outside")]);
        outside.ExitCode.Should().Be(2, outside.ToString());
        outside.Stderr.Should().Contain("is outside the cycle");

        var noSeeding = Copy.Migrate(["test", "--no-build", "--seed", "app", .. Scratch("no_seeding")]);
        noSeeding.ExitCode.Should().Be(2, noSeeding.ToString());
        noSeeding.Stderr.Should().Contain("configures none (UseSeeding / UseAsyncSeeding)");
    }
}
