namespace Library.Model;

public class Loan
{
    public int Id { get; set; }

    public int BookId { get; set; }

    public Book Book { get; set; } = null!;

    public int MemberId { get; set; }

    public Member Member { get; set; } = null!;

    public DateTime LoanedAt { get; set; }

    public DateOnly DueOn { get; set; }

    public DateTime? ReturnedAt { get; set; }
}
