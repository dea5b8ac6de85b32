using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using static Migrations.Build.Tests.Unit.ModelCodeOnGeneratedCodeTests;

namespace Migrations.Build.Tests.Unit.RichModel;

/// <summary>A PostgreSQL model with the shapes real apps have, in variants (<see cref="Change"/>) two branches could have made.</summary>
public sealed class Shop(Change change) : DbContext
{
    public Change Variant { get; } = change;

    protected override void OnConfiguring(DbContextOptionsBuilder options)
        => options.UseNpgsql("Host=127.0.0.1;Port=1;Database=unused").ReplaceService<IModelCacheKeyFactory, VariantKey>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.HasPostgresExtension("citext");
        model.HasSequence<int>("OrderNumbers").StartsAt(1000);
        model.Entity<Customer>(customer =>
        {
            customer.Property(c => c.Name).HasMaxLength(200);
            customer.HasIndex(c => c.Name).IsUnique();
            customer.ToTable(t => t.HasCheckConstraint("CK_Customers_Name", "length(\"Name\") > 0"));
            customer.ComplexProperty(c => c.Contact);
            customer.HasData(new { Id = 1, Name = "First", Contact_Phone = "1" });
            if (Variant.HasFlag(Change.A))
            {
                customer.Property<string>("Email").HasMaxLength(320);
                customer.HasIndex("Email");
            }
        });
        model.Entity<Order>(order =>
        {
            order.Property(o => o.Number).HasDefaultValueSql("nextval('\"OrderNumbers\"')");
            order.Property(o => o.Total).HasPrecision(12, 2);
            order.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
            order.Property(o => o.Metadata).HasColumnType("jsonb");
            order.OwnsOne(o => o.Shipping);
            order.OwnsMany(o => o.Lines, line =>
            {
                line.Property(l => l.Sku).HasMaxLength(40);
                if (Variant.HasFlag(Change.B))
                {
                    line.Property<decimal>("Discount").HasPrecision(5, 2);
                }
            });
            if (Variant.HasFlag(Change.B))
            {
                order.Property<string>("Notes");
            }
        });
        model.Entity<Animal>().HasDiscriminator<string>("Kind").HasValue<Cat>("cat").HasValue<Dog>("dog");
        if (Variant.HasFlag(Change.B))
        {
            model.Entity<Invoice>().HasOne<Order>().WithMany().HasForeignKey(i => i.OrderId);
        }
    }

    private sealed class VariantKey : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => (context.GetType(), ((Shop)context).Variant, designTime);
    }
}

public class Customer
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public Contact Contact { get; set; } = new();

    public List<Order> Orders { get; set; } = [];
}

public class Contact
{
    public string? Phone { get; set; }
}

public enum OrderStatus
{
    Open,
    Shipped,
}

public class Order
{
    public int Id { get; set; }

    public int Number { get; set; }

    public decimal Total { get; set; }

    public OrderStatus Status { get; set; }

    public string[] Tags { get; set; } = [];

    public string? Metadata { get; set; }

    public int CustomerId { get; set; }

    public Customer Customer { get; set; } = null!;

    public Address Shipping { get; set; } = new();

    public List<OrderLine> Lines { get; set; } = [];
}

public class Address
{
    public string? Street { get; set; }

    public string? City { get; set; }
}

public class OrderLine
{
    public required string Sku { get; set; }

    public int Quantity { get; set; }
}

public class Invoice
{
    public int Id { get; set; }

    public int OrderId { get; set; }
}

public abstract class Animal
{
    public int Id { get; set; }
}

public class Cat : Animal
{
    public bool Indoor { get; set; }
}

public class Dog : Animal
{
    public string? Breed { get; set; }
}
