namespace Library.Model;

public class Member
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public required string Email { get; set; }

    public DateTime JoinedAt { get; set; }
}
