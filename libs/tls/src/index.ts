export { subjectAltNames, writeSelfSignedCertificate, type SelfSignedCertificateOptions } from './self-signed-certificate';
