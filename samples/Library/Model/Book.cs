namespace Library.Model;

public class Book
{
    public int Id { get; set; }

    public required string Title { get; set; }

    public required string Isbn { get; set; }

    public DateOnly PublishedOn { get; set; }

    public int AuthorId { get; set; }

    public Author Author { get; set; } = null!;
}
