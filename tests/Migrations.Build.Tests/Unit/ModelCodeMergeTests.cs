using FluentAssertions;
using Migrations.Build.Engine.Scaffold;

namespace Migrations.Build.Tests.Unit;

/// <summary>
/// Rebase's merge of two branches' Designer models, on code laid out as EF Core generates it: each
/// branch's change is carried over, a change both made differently is named, nothing else moves.
/// </summary>
public sealed class ModelCodeMergeTests
{
    private const string Base = """
                    modelBuilder.HasAnnotation("ProductVersion", "10.0.15");

                    modelBuilder.Entity("Library.Model.Author", b =>
                        {
                            b.Property<int>("Id")
                                .ValueGeneratedOnAdd()
                                .HasColumnType("INTEGER");

                            b.Property<string>("Biography")
                                .HasColumnType("TEXT");

                            b.HasKey("Id");

                            b.ToTable("Authors");
                        });

                    modelBuilder.Entity("Library.Model.Book", b =>
                        {
                            b.Property<int>("Id")
                                .ValueGeneratedOnAdd()
                                .HasColumnType("INTEGER");

                            b.Property<int>("AuthorId")
                                .HasColumnType("INTEGER");

                            b.Property<string>("Title")
                                .IsRequired()
                                .HasMaxLength(300)
                                .HasColumnType("TEXT");

                            b.HasKey("Id");

                            b.HasIndex("AuthorId");

                            b.ToTable("Books", t =>
                                {
                                    t.HasComment("A book; \"}\" and ';' in a string change nothing");
                                });
                        });

                    modelBuilder.Entity("Library.Model.Book", b =>
                        {
                            b.HasOne("Library.Model.Author", "Author")
                                .WithMany("Books")
                                .HasForeignKey("AuthorId")
                                .OnDelete(DeleteBehavior.Cascade)
                                .IsRequired();

                            b.Navigation("Author");
                        });

                    modelBuilder.Entity("Library.Model.Author", b =>
                        {
                            b.Navigation("Books");
                        });
        """;

    [Fact]
    public void Code_is_read_into_keyed_statements_and_written_back_as_it_was()
    {
        var statements = ModelCode.Parse(Base);

        ModelCode.Render(statements, "\n").Should().Be(Base);
        statements.Select(s => s.Key).Should().Equal(
            "HasAnnotation(\"ProductVersion\")",
            "Entity(\"Library.Model.Author\") definition",
            "Entity(\"Library.Model.Book\") definition",
            "Entity(\"Library.Model.Book\") relationships",
            "Entity(\"Library.Model.Author\") navigations");
        statements[2].Children!.Select(s => s.Key).Should().Equal(
            "Property(\"Id\")", "Property(\"AuthorId\")", "Property(\"Title\")", "HasKey()", "HasIndex(\"AuthorId\")", "ToTable()");
        statements[3].Children![0].Key.Should().Be("HasOne(\"Library.Model.Author\", \"Author\") \"AuthorId\"");
    }

    [Fact]
    public void Each_sides_change_is_carried_over_in_EF_Cores_order()
    {
        var ours = Base.Replace(Property("AuthorId", "int", "INTEGER"), Property("AuthorId", "int", "INTEGER") + Property("Isbn", "string", "TEXT"));
        var theirs = Base.Replace(Property("Biography", "string", "TEXT"), "")
            .Replace("b.HasIndex(\"AuthorId\");", "b.HasIndex(\"AuthorId\");\n\n" + Indent + "b.HasIndex(\"Title\");")
            + "\n\n" + """
                    modelBuilder.Entity("Library.Model.Tag", b =>
                        {
                            b.Property<string>("Name")
                                .HasColumnType("TEXT");

                            b.HasKey("Name");

                            b.ToTable("Tags");
                        });
        """;
        var conflicts = new List<string>();

        var merged = ModelCodeMerge.Merge(ModelCode.Parse(Base), ModelCode.Parse(ours), ModelCode.Parse(theirs), conflicts);

        conflicts.Should().BeEmpty();
        var text = ModelCode.Render(merged, "\n");
        text.Should().Contain("\"Isbn\"").And.Contain("b.HasIndex(\"Title\")").And.Contain("\"Library.Model.Tag\"").And.NotContain("\"Biography\"");
        text.IndexOf("\"Isbn\"", StringComparison.Ordinal).Should().BeLessThan(text.IndexOf("\"Title\"", StringComparison.Ordinal));
        ModelCode.Render(ModelCode.Parse(text), "\n").Should().Be(text, "the merge writes code in the layout it reads");
        var both = theirs.Replace(Property("AuthorId", "int", "INTEGER"), Property("AuthorId", "int", "INTEGER") + Property("Isbn", "string", "TEXT"));
        text.Should().Be(both, "the merge is the code EF Core writes for a model with both sides' changes");
    }

    [Fact]
    public void A_statement_both_sides_changed_differently_is_a_conflict_named_by_its_place()
    {
        var ours = Base.Replace(".HasMaxLength(300)", ".HasMaxLength(400)");
        var theirs = Base.Replace(".HasMaxLength(300)", ".HasMaxLength(200)");
        var same = Base.Replace(".HasMaxLength(300)", ".HasMaxLength(400)");
        var conflicts = new List<string>();

        ModelCodeMerge.Merge(ModelCode.Parse(Base), ModelCode.Parse(ours), ModelCode.Parse(same), conflicts);
        conflicts.Should().BeEmpty("both sides made the same change");

        ModelCodeMerge.Merge(ModelCode.Parse(Base), ModelCode.Parse(ours), ModelCode.Parse(theirs), conflicts);

        conflicts.Should().Equal("Entity(\"Library.Model.Book\") definition > Property(\"Title\"): changed on both sides");
    }

    [Fact]
    public void Differences_name_what_one_model_has_and_the_other_lacks()
    {
        var other = Base.Replace(Property("Biography", "string", "TEXT"), "").Replace(".HasMaxLength(300)", ".HasMaxLength(400)");

        ModelCodeMerge.Differences(ModelCode.Parse(Base), ModelCode.Parse(other)).Should().Equal(
            "Entity(\"Library.Model.Author\") definition > Property(\"Biography\") (not in the app's model)",
            "Entity(\"Library.Model.Book\") definition > Property(\"Title\") (differs)");
    }

    [Fact]
    public void Two_indexes_on_the_same_columns_sequences_in_two_schemas_and_static_extension_calls_have_keys_of_their_own()
    {
        var statements = ModelCode.Parse("""
            SqlServerModelBuilderExtensions.UseIdentityColumns(modelBuilder);

            NpgsqlModelBuilderExtensions.HasPostgresEnum(modelBuilder, "public", "mood", new[] { "happy", "sad" });

            modelBuilder
                .HasAnnotation("ProductVersion", "10.0.15")
                .HasAnnotation("Relational:MaxIdentifierLength", 128);

            modelBuilder.HasSequence<int>("Numbers", "sales");

            modelBuilder.HasSequence<int>("Numbers", "billing")
                .StartsAt(100L);

            modelBuilder.Entity("A", b =>
                {
                    SqlServerPropertyBuilderExtensions.UseIdentityColumn(b.Property<int>("Id"), 1000L);

                    b.HasIndex("Name");

                    b.HasIndex("Name")
                        .HasDatabaseName("IX_Name_2");
                });
            """);

        statements.Select(s => s.Key).Should().Equal(
            "UseIdentityColumns(modelBuilder)", "HasPostgresEnum(modelBuilder, \"public\", \"mood\")", "modelBuilder",
            "HasSequence(\"Numbers\", \"sales\")", "HasSequence(\"Numbers\", \"billing\")", "Entity(\"A\") definition");
        statements[5].Children!.Select(s => s.Key).Should().Equal(
            "UseIdentityColumn(b.Property<int>(\"Id\"))", "HasIndex(\"Name\")", "HasIndex(\"Name\") #2");
    }

    [Fact]
    public void Layout_is_no_difference_but_the_space_inside_a_string_is()
    {
        var relaidOut = Base.Replace("b.Property<string>(\"Title\")\n", "b.Property<string>(\"Title\")   \n\n  ");
        var newComment = Base.Replace("A book; ", "A book;  ");

        ModelCodeMerge.Differences(ModelCode.Parse(Base), ModelCode.Parse(relaidOut)).Should().BeEmpty();
        ModelCodeMerge.Differences(ModelCode.Parse(Base), ModelCode.Parse(newComment)).Should().Equal(
            "Entity(\"Library.Model.Book\") definition > ToTable() > HasComment() (differs)");
    }

    [Fact]
    public void Code_that_is_not_model_building_code_is_refused()
    {
        var act = () => ModelCode.Parse("modelBuilder.Entity(\"A\", b =>\n{\n    b.Property<int>(\"Id\")\n");

        act.Should().Throw<FormatException>();
    }

    private const string Indent = "                    ";

    private static string Property(string name, string type, string column)
        => $"{Indent}b.Property<{type}>(\"{name}\")\n{Indent}    .HasColumnType(\"{column}\");\n\n";
}
