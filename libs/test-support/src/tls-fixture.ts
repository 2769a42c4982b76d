/**
 * TEST ONLY: a self-signed certificate for `localhost` (DNS name only, no IP address), valid until
 * 2126, and its private key. It secures nothing; it lets a test prove that TLS checks the host name
 * even when the connection goes to a resolved IP address.
 */
export const LOCALHOST_CERT = `-----BEGIN CERTIFICATE-----
MIIBlDCCATugAwIBAgIUHJD2714mQ149us1FtXia8dSvspgwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNTA4MDQxOFoYDzIxMjYxMTAx
MDgwNDE4WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQbJr3CHfHj9tcHmoYKfQp7Kh6omJWh16m09W8UGlxK8uR32uw8A+f2
yquJxX9lDzQtkAA/uvQP2/FM0I4LzBLUo2kwZzAdBgNVHQ4EFgQUKJ4q/p0Z7amS
0gadUd741bozjJowHwYDVR0jBBgwFoAUKJ4q/p0Z7amS0gadUd741bozjJowDwYD
VR0TAQH/BAUwAwEB/zAUBgNVHREEDTALgglsb2NhbGhvc3QwCgYIKoZIzj0EAwID
RwAwRAIgceDsyCdl4oLcSXikwmPDjpAYMFJ/gY+90SqKk5tc8RwCIDbEDarr2NcC
bVuTDThFvnxVogYqOPM+BniZ42A3SGB5
-----END CERTIFICATE-----`;

/** TEST ONLY: the private key of `LOCALHOST_CERT`. */
export const LOCALHOST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgdmx2LHCEn2XZJA46
t7HBECesmXkfLQZ2wKQRiDu75PqhRANCAAQbJr3CHfHj9tcHmoYKfQp7Kh6omJWh
16m09W8UGlxK8uR32uw8A+f2yquJxX9lDzQtkAA/uvQP2/FM0I4LzBLU
-----END PRIVATE KEY-----`;

/** TEST ONLY: `LOCALHOST_CERT` and `LOCALHOST_KEY` as the `tls` option of `startFaultServer`. */
export const LOCALHOST_TLS = { cert: LOCALHOST_CERT, key: LOCALHOST_KEY } as const;
