package words

// The refusals of a citizen's photos (hub/internal/media).
var (
	TooManyPhotos = Text{"أرسل %d صور على الأكثر", "Send at most %d photos"}
	PhotoTooLarge = Text{"إحدى الصور أكبر من 5 ميغابايت", "A photo is larger than 5 MB"}
	NotAPhoto     = Text{"إحدى الصور ليست صورة JPEG أو PNG، أو أنها تالفة", "A photo is not a JPEG or PNG image, or it is damaged"}
	TooManyPixels = Text{"دقة إحدى الصور كبيرة جداً (40 ميغابكسل على الأكثر)", "A photo has too many pixels (at most 40 megapixels)"}
	PhotoTooDeep  = Text{"إحدى الصور كبيرة جداً عند فتحها (128 ميغابايت على الأكثر): أرسل صورة كاميرا عادية", "A photo is too large once opened (at most 128 MiB): send an ordinary camera photo"}
	PhotosBusy    = Text{"الخادم مشغول بمعالجة صور أخرى: حاول مجدداً بعد ثوانٍ", "The hub is busy with other photos: try again in a few seconds"}
)
