// SHA-256 against FIPS 180-2's examples, HMAC-SHA256 against RFC 4231's
// test cases and GitHub's documented webhook signature example.
#include "core/util/sha256.h"

#include <string>

#include <boost/test/unit_test.hpp>

#include "core/util/secret.h"

using namespace fairweather;

namespace {

std::string hex_of(std::string_view bytes) {
    return to_hex(sha256(bytes));
}

std::string hmac_hex(std::string_view key, std::string_view message) {
    return to_hex(hmac_sha256(key, message));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sha256_digest)

BOOST_AUTO_TEST_CASE(given_fips_180_2_messages_it_should_give_their_digests) {
    BOOST_TEST(hex_of("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    BOOST_TEST(hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
               "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    BOOST_TEST(hex_of(std::string(1'000'000, 'a')) ==
               "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    BOOST_TEST(hex_of("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

BOOST_AUTO_TEST_CASE(given_a_message_in_pieces_it_should_hash_as_if_whole) {
    const std::string whole(1000, 'a');
    for (const std::size_t cut : {std::size_t{0}, std::size_t{1}, std::size_t{55}, std::size_t{56},
                                  std::size_t{64}, std::size_t{999}}) {
        Sha256 h;
        h.update(std::string_view(whole).substr(0, cut));
        h.update(std::string_view(whole).substr(cut));
        BOOST_TEST(to_hex(h.finish()) == hex_of(whole), "cut at " << cut);
    }
}

BOOST_AUTO_TEST_CASE(given_rfc_4231_test_cases_it_should_give_their_hmacs) {
    // Test case 1: a 20-byte key of 0x0b.
    BOOST_TEST(hmac_hex(std::string(20, '\x0b'), "Hi There") ==
               "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    // 2: a key shorter than the output.
    BOOST_TEST(hmac_hex("Jefe", "what do ya want for nothing?") ==
               "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // 3: key and data of repeated bytes.
    BOOST_TEST(hmac_hex(std::string(20, '\xaa'), std::string(50, '\xdd')) ==
               "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    // 4: the key 0x01..0x19.
    std::string key4;
    for (char c = 1; c <= 25; ++c) {
        key4 += c;
    }
    BOOST_TEST(hmac_hex(key4, std::string(50, '\xcd')) ==
               "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
}

BOOST_AUTO_TEST_CASE(given_a_key_longer_than_the_block_it_should_hash_the_key_first) {
    const std::string key(131, '\xaa');
    // RFC 4231 test case 6.
    BOOST_TEST(hmac_hex(key, "Test Using Larger Than Block-Size Key - Hash Key First") ==
               "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    // Test case 7: the data longer than the block too.
    BOOST_TEST(hmac_hex(key,
                        "This is a test using a larger than block-size key and a larger than "
                        "block-size data. The key needs to be hashed before being used by the "
                        "HMAC algorithm.") ==
               "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

BOOST_AUTO_TEST_CASE(given_githubs_documented_example_it_should_give_its_signature) {
    // docs.github.com, "Validating webhook deliveries".
    BOOST_TEST("sha256=" + hmac_hex("It's a Secret to Everybody", "Hello, World!") ==
               "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
}

BOOST_AUTO_TEST_CASE(given_two_strings_constant_time_equal_should_say_whether_they_match) {
    BOOST_TEST(constant_time_equal("abc", "abc"));
    BOOST_TEST(!constant_time_equal("abc", "abd"));
    BOOST_TEST(!constant_time_equal("abc", "xbc"));
    BOOST_TEST(!constant_time_equal("abc", "abcd"));
    BOOST_TEST(!constant_time_equal("", "a"));
    BOOST_TEST(constant_time_equal("", ""));
}

BOOST_AUTO_TEST_SUITE_END()
