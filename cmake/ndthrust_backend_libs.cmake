# Backend math libraries for linalg and fft; filled in with those families.
