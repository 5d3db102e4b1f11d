# Mozilla CA bundle; /etc/ssl/certs/ca-certificates.crt is built here by
# post-install.sh (no update-ca-certificates at boot).
ca-certificates_DEBS := ca-certificates
ca-certificates_KEEP := /usr/share/ca-certificates/* /etc/ssl/certs/*
