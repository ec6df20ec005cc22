using System.Security.Cryptography;
using System.Text;
using DoorbraakTafel.Privacy.Disclosures;

namespace DoorbraakTafel.UnitTests.Privacy;

public sealed class ChainKeyTests
{
    [TestCase(32)]
    [TestCase(64)]
    public void Hashing_with_the_keys_two_blocks_as_the_append_procedure_does_gives_the_HMAC(int length)
    {
        var secret = RandomNumberGenerator.GetBytes(length);
        var key = new ChainKey(secret);
        var message = Encoding.UTF8.GetBytes("record|12|previous");

        // privacy.append_disclosure: sha256(outer block || sha256(inner block || message)).
        var inner = SHA256.HashData([.. key.Blocks[..64], .. message]);
        var procedure = SHA256.HashData([.. key.Blocks[64..], .. inner]);

        Assert.That(Convert.ToHexStringLower(procedure), Is.EqualTo(key.Mac("record|12|previous")));
        Assert.That(procedure, Is.EqualTo(HMACSHA256.HashData(secret, message)));
    }

    [Test]
    public void Another_key_has_another_id_and_another_MAC()
    {
        var one = new ChainKey(RandomNumberGenerator.GetBytes(32));
        var other = new ChainKey(RandomNumberGenerator.GetBytes(32));

        Assert.That(one.Id, Is.Not.EqualTo(other.Id));
        Assert.That(one.Mac("m"), Is.Not.EqualTo(other.Mac("m")));
    }
}
