package gen

// Sasak (Lombok) given names and dusun names: plain ASCII without commas
// or quotes, so rows never need CSV quoting. Lalu and Baiq are the Sasak
// noble titles.

var maleNames = []string{
	"Muhammad", "Ahmad", "Abdul", "Zainal", "Hamdi", "Sahnan", "Rusdi", "Supardi", "Hasan", "Mahsun",
	"Saparudin", "Jumadil", "Rizki", "Fathurrahman", "Sahrul", "Hairul", "Syamsul", "Munawir", "Amrullah", "Sukri",
	"Habib", "Rahman", "Zulkifli", "Khairul", "Mustafa", "Hendra", "Agus", "Irwan", "Samsudin", "Nasrudin",
	"Fauzan", "Ilham", "Azwar", "Mukhlis", "Sabarudin", "Ramli", "Jaelani", "Ridwan", "Hamzan", "Junaidi",
}

var femaleNames = []string{
	"Siti", "Nurul", "Hairunnisa", "Rohani", "Sumiati", "Rahmawati", "Nurhayati", "Aminah", "Fatimah", "Zainab",
	"Sri", "Hartini", "Mariam", "Rukmini", "Saodah", "Halimah", "Juliana", "Nurjannah", "Sakinah", "Husnul",
	"Khadijah", "Maesarah", "Sumarni", "Wahidah", "Rabiatul", "Nirmala", "Yuliana", "Aisyah", "Marliana", "Sapiah",
	"Inayah", "Laila", "Rosita", "Fitriani", "Nuraini", "Salmah", "Mardiah", "Hikmah", "Kurniati", "Murniati",
}

var secondNames = []string{
	"Hidayat", "Rahman", "Hakim", "Azhari", "Ramdhani", "Fadli", "Saputra", "Wahyudi", "Mulyadi", "Arifin",
	"Hamdani", "Ismail", "Yusuf", "Sulaiman", "Kurniawan", "Maulana", "Hasanah", "Aulia", "Safitri", "Lestari",
	"Wati", "Yanti", "Ningsih", "Sari", "Rahmah", "Putri", "Amalia", "Zuhri", "Bahri", "Anwar",
}

var dusunNames = []string{
	"Karang Baru", "Lendang Bajur", "Bagik Nyaka", "Dasan Baru", "Gubuk Daya", "Gubuk Lauk", "Kebon Talo", "Pancor Dao",
	"Tanjung", "Lekong", "Montong Baan", "Tibu Bunter", "Dasan Lekong", "Bagik Papan", "Repok Lauk", "Repok Daya",
	"Ketangga", "Aik Dewa", "Paok Lombok", "Lendang Nangka", "Orong Bukal", "Sukamaju", "Sukadana", "Batu Bangka",
	"Kampung Baru", "Kokok Putik", "Embung Puntiq", "Bagek Manis", "Tembeng Putik", "Dasan Tinggi",
}
