//! The published vectors of im-api.md §3.4 and decode-and-verify round trips.
use super::*;

const KEY: &str = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const TIME: i64 = 1_569_910_200;
const EXPIRE: i64 = 15_552_000;

fn key() -> SecretString {
    SecretString::from(KEY)
}

#[test]
fn published_vector_identifier_0() {
    assert_eq!(
        tls_sig(&key(), "0", 1_400_000_000, TIME, EXPIRE, None),
        "CpjuBdQs9ZwnuGAJR8onoOeI9fweX2vIMMY94iOJWJY="
    );
}

#[test]
fn published_vector_with_userbuf_abc() {
    assert_eq!(
        tls_sig(&key(), "0", 1_400_000_000, TIME, EXPIRE, Some(b"abc")),
        "bC3u5cuslSg8Ds7KY58mhSkTrxunrFu50dkdkCYH4i8="
    );
}

#[test]
fn independent_vector_administrator() {
    assert_eq!(
        tls_sig(
            &key(),
            "administrator",
            1_400_000_000,
            1_700_000_000,
            86_400,
            None
        ),
        "yLAe+w7WUeUuqbV9h/TX78u21oTGi+i9Zp1u3PpnY60="
    );
}

#[test]
fn published_full_usersigs_decode_and_verify() {
    let plain = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwjDB4pTsxIKCzBQlK0MTAyiAyKRWFGQWpQLFTU1NjeCiJZm5YDEzS0tDAyOYaHFmOtBM54KsUqeUwGLLqPK8UndHryCL-Lx8-1RPy7Ty1AijMk9f30hLk0x-r3CvSFulWgAPYy*9";
    let d = verify(plain, &key(), 1_400_000_000, "0", TIME + 1).unwrap();
    assert_eq!((d.time, d.expire, d.userbuf), (TIME, EXPIRE, None));
    let with_buf = "eJw9zEELwiAcBfDv4jmGs1lu0GkRUd0chMeWbv2zDdEZg*i7J5a92-s9eC-UnHj2VBZViGQYLWIHqcYJOoic0El9MQYkqvIC--Jd1GzAquCUUvLXCYZoq7LMMUnqnbKt78KvOB-u6Rr6AG299PTq3YP3bOvWR0HZcOO6sbMf7c5TLLXUtdgXwDbo-QEmHTZF";
    let d = verify(with_buf, &key(), 1_400_000_000, "0", TIME).unwrap();
    assert_eq!(d.userbuf.as_deref(), Some("YWJj"));
}

#[test]
fn generated_sigs_round_trip_and_are_url_safe() {
    let sig = generate(
        &key(),
        1_400_000_000,
        "administrator",
        1_700_000_000,
        86_400,
        None,
    );
    assert!(
        sig.chars()
            .all(|c| c.is_ascii_alphanumeric() || "*-_".contains(c)),
        "{sig}"
    );
    let d = verify(
        &sig,
        &key(),
        1_400_000_000,
        "administrator",
        1_700_000_000 + 86_400,
    )
    .unwrap();
    assert_eq!(d.sig, "yLAe+w7WUeUuqbV9h/TX78u21oTGi+i9Zp1u3PpnY60=");
}

#[test]
fn verification_names_each_failure() {
    let sig = generate(
        &key(),
        1_400_000_001,
        "administrator",
        1_700_000_000,
        3_600,
        None,
    );
    let other = SecretString::from("another-apps-key");
    assert_eq!(
        verify(&sig, &key(), 1_400_000_002, "administrator", 1_700_000_000),
        Err(VerifyError::SdkAppId)
    );
    assert_eq!(
        verify(&sig, &key(), 1_400_000_001, "root", 1_700_000_000),
        Err(VerifyError::Identifier)
    );
    assert_eq!(
        verify(&sig, &other, 1_400_000_001, "administrator", 1_700_000_000),
        Err(VerifyError::Signature)
    );
    assert_eq!(
        verify(&sig, &key(), 1_400_000_001, "administrator", 1_700_003_601),
        Err(VerifyError::Expired)
    );
    assert!(verify(&sig, &key(), 1_400_000_001, "administrator", 1_700_003_600).is_ok());
    assert_eq!(verify("", &key(), 1, "a", 0), Err(VerifyError::Empty));
    assert_eq!(
        verify("not*a*sig", &key(), 1, "a", 0),
        Err(VerifyError::Malformed)
    );
}
