using Library.Model;
using Microsoft.EntityFrameworkCore;

namespace Library;

public class LibraryContext(DbContextOptions<LibraryContext> options) : DbContext(options)
{
    public DbSet<Author> Authors => Set<Author>();

    public DbSet<Book> Books => Set<Book>();

    public DbSet<Member> Members => Set<Member>();

    public DbSet<Loan> Loans => Set<Loan>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Author>(author =>
        {
            author.Property(a => a.Name).HasMaxLength(200);
        });

        modelBuilder.Entity<Book>(book =>
        {
            book.Property(b => b.Title).HasMaxLength(300);
            book.Property(b => b.Isbn).HasMaxLength(13);
            book.HasIndex(b => b.Isbn).IsUnique();
            book.HasOne(b => b.Author).WithMany(a => a.Books).HasForeignKey(b => b.AuthorId);
        });

        modelBuilder.Entity<Member>(member =>
        {
            member.Property(m => m.Name).HasMaxLength(200);
            member.Property(m => m.Email).HasMaxLength(320);
            member.HasIndex(m => m.Email).IsUnique();
        });

        modelBuilder.Entity<Loan>(loan =>
        {
            loan.HasOne(l => l.Book).WithMany().HasForeignKey(l => l.BookId);
            loan.HasOne(l => l.Member).WithMany().HasForeignKey(l => l.MemberId);
            loan.HasIndex(l => new { l.MemberId, l.ReturnedAt });
        });
    }
}
