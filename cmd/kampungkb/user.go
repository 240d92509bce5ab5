package main

import (
	"bufio"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"kampungkb"
	"kampungkb/auth"
)

func runUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "reset-password") {
		fmt.Fprintln(e.stderr, "Penggunaan: kampungkb user add --username NAME --role ROLE [--region CODE] [--capture CODE,...] [--partner ID] [--name NAMA] [--password-stdin]")
		fmt.Fprintln(e.stderr, "           kampungkb user reset-password --username NAME [--password-stdin]")
		return fmt.Errorf("%w: sebutkan add atau reset-password", errUsage)
	}
	if args[0] == "reset-password" {
		return runUserReset(ctx, e, args[1:])
	}
	fs := newFlags(e, "user add", "--username NAME --role ROLE [--region CODE] [--partner ID] [--password-stdin]",
		"Membuat akun. Peran: "+strings.Join(kampungkb.Roles.Codes(), ", ")+".\nTanpa --password-stdin, kata sandi acak dibuat dan dicetak sekali; pengguna harus menggantinya saat pertama masuk.")
	username := fs.String("username", "", "nama pengguna (huruf kecil, angka, . _ -)")
	role := fs.String("role", "", "peran")
	region := fs.String("region", "", "kode wilayah peran (provinsi/kabupaten/kecamatan/desa)")
	capture := fs.String("capture", "", "desa binaan PKB, dipisah koma")
	partner := fs.Int64("partner", 0, "id organisasi mitra (peran mitra)")
	name := fs.String("name", "", "nama lengkap")
	fromStdin := fs.Bool("password-stdin", false, "baca kata sandi dari stdin (baris pertama)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *username == "" || *role == "" {
		fs.Usage()
		return fmt.Errorf("%w: --username dan --role wajib", errUsage)
	}
	u := kampungkb.User{Username: *username, Role: *role, Region: *region, PartnerID: *partner, Name: *name}
	if *capture != "" {
		u.Capture = kampungkb.TrimAll(strings.Split(*capture, ","))
	}
	password, generated, err := readPassword(e, *fromStdin, *username)
	if err != nil {
		return err
	}
	u.MustChangePassword = generated
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	ctx = kampungkb.WithActor(ctx, kampungkb.SystemActor)
	db, err := e.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CreateUser(ctx, &u, hash); err != nil {
		return describe(err)
	}
	fmt.Fprintf(e.stdout, "Akun %s (%s) dibuat.\n", u.Username, kampungkb.Roles.Label(u.Role))
	if generated {
		fmt.Fprintf(e.stdout, "Kata sandi sementara: %s\n(harus diganti saat pertama masuk)\n", password)
	}
	return nil
}

func runUserReset(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "user reset-password", "--username NAME [--password-stdin]", "Mengatur ulang kata sandi; semua sesi pengguna berakhir.")
	username := fs.String("username", "", "nama pengguna")
	fromStdin := fs.Bool("password-stdin", false, "baca kata sandi dari stdin")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *username == "" {
		return fmt.Errorf("%w: --username wajib", errUsage)
	}
	password, generated, err := readPassword(e, *fromStdin, *username)
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	ctx = kampungkb.WithActor(ctx, kampungkb.SystemActor)
	db, err := e.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	u, _, err := db.UserByUsername(ctx, *username)
	if err != nil {
		return err
	}
	if err := db.SetPassword(ctx, u.ID, hash, generated); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Kata sandi %s diatur ulang.\n", u.Username)
	if generated {
		fmt.Fprintf(e.stdout, "Kata sandi sementara: %s\n(harus diganti saat pertama masuk)\n", password)
	}
	return nil
}

// readPassword reads a password from stdin, or makes a random one.
func readPassword(e *env, fromStdin bool, username string) (password string, generated bool, err error) {
	if !fromStdin {
		t, err := auth.NewToken("")
		if err != nil {
			return "", false, err
		}
		return t[:16], true, nil
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", false, fmt.Errorf("tidak ada kata sandi di stdin")
	}
	password = strings.TrimRight(line, "\r\n")
	if msg := kampungkb.CheckPassword(username, password); msg != "" {
		return "", false, fmt.Errorf("kata sandi ditolak: %s", msg)
	}
	return password, false, nil
}

// describe adds the field messages to a validation error for the terminal.
func describe(err error) error {
	fields := kampungkb.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	var b strings.Builder
	b.WriteString(kampungkb.ErrorMessage(err))
	for k, v := range fields {
		fmt.Fprintf(&b, "\n  --%s: %s", k, v)
	}
	return fmt.Errorf("%s", b.String())
}

func runToken(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(e.stderr, "Penggunaan: kampungkb token create --username NAME [--expires 30d] [--name NAMA]")
		return fmt.Errorf("%w: sebutkan create", errUsage)
	}
	fs := newFlags(e, "token create", "--username NAME [--expires 30d]", "Mencetak token akses pribadi untuk API (Authorization: Bearer TOKEN).")
	username := fs.String("username", "", "pemilik token")
	expires := fs.String("expires", "30d", "masa berlaku: jumlah hari (30d) atau durasi Go (720h)")
	name := fs.String("name", "cli", "nama token")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *username == "" {
		return fmt.Errorf("%w: --username wajib", errUsage)
	}
	d, err := parseExpiry(*expires)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	ctx = kampungkb.WithActor(ctx, kampungkb.SystemActor)
	db, err := e.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	u, _, err := db.UserByUsername(ctx, *username)
	if err != nil {
		return err
	}
	token, err := auth.NewToken("kkb_")
	if err != nil {
		return err
	}
	t, err := db.CreateToken(ctx, u.ID, *name, auth.TokenHash(token), d)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, token)
	fmt.Fprintf(e.stderr, "Token untuk %s berlaku sampai %s. Simpan sekarang: token tidak dapat ditampilkan lagi.\n",
		u.Username, t.ExpiresAt.Format(time.RFC3339))
	return nil
}

// parseExpiry reads "30d" (days) or a Go duration ("720h"), at most a year.
func parseExpiry(s string) (time.Duration, error) {
	var d time.Duration
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil {
			return 0, fmt.Errorf("--expires %q tidak valid", s)
		}
		d = time.Duration(days) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("--expires %q tidak valid: gunakan mis. 30d", s)
		}
	}
	if d <= 0 || d > 366*24*time.Hour {
		return 0, fmt.Errorf("--expires harus antara 1 hari dan 1 tahun")
	}
	return d, nil
}
